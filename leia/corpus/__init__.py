"""Corpus: Wikipedia/Wikidata dumps -> extracted articles, redirects, sitelinks, entities."""
