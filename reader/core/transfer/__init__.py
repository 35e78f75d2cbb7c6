"""Moving in and out: importers (Pocket, Instapaper, wallabag, Omnivore, bookmarks, our own
JSON) detected by content, the import plan and its background fetching, and exporters."""
