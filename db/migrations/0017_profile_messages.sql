-- The profile's style, body and privacy messages, also kept serialised
-- (a stylist.v1.Profile holding only those three): reading a profile, the
-- most frequent read of all, then parses protobuf instead of three JSON
-- documents (a sixth of the server's CPU per GetProfile). The jsonb columns
-- stay the record SQL reads (privacy->>'keep_skin_photos', exports); every
-- write sets both. Rows written before this have NULL here and are read from
-- the jsonb until their next profile update; new rows start with the empty
-- message, as their jsonb starts with '{}'.
ALTER TABLE users ADD COLUMN profile_pb bytea;
ALTER TABLE users ALTER COLUMN profile_pb SET DEFAULT '\x'::bytea;
