"""The demo world: a seeded generator of a small consistent world written in the real dump formats
(MediaWiki XML exports, Wikidata JSON and wb_items_per_site dumps, checksums), plus its knowledge base."""
