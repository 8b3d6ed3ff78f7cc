-- csdesk schema, version 6: company + name keys without the characters that show nothing.
-- name_key now leaves out format characters (zero-width spaces and joiners, bidi marks and
-- embeddings, the BOM), controls and line separators, and register strips them from what it
-- stores. A customer stored earlier with such characters in company or name gets the hash of the
-- key it has now, so that a contact typed without them finds it instead of creating a look-alike.
-- The stored fields themselves stay as they were: no audit row could say who changed them.
UPDATE customers SET name_hash = csdesk_name_hash(csdesk_name_key(company, name))
  WHERE company IS NOT NULL AND name_hash IS NOT csdesk_name_hash(csdesk_name_key(company, name));
