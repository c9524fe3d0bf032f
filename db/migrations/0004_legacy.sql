-- Users created through the legacy REST API (POST /api/users/): they have a
-- username and an optional free-text style preference, no email and no
-- password; they are acted for by service API keys. They are marked by a
-- reserved issuer so that the account checks of 0001 hold.
ALTER TABLE users ADD COLUMN legacy_style_preferences text;
