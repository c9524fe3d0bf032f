-- users.profile_pb (0017) is a copy of style, body and privacy; readers
-- prefer it. A write that changes the jsonb without it (a replica older
-- than 0017 during a rolling upgrade, a rollback, a fix made by hand) drops
-- the copy it made stale, so readers fall back to the jsonb. The same rule
-- as clothing_items' copies (0010).
CREATE FUNCTION users_drop_stale_profile_pb() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.style IS DISTINCT FROM OLD.style OR NEW.body IS DISTINCT FROM OLD.body
      OR NEW.privacy IS DISTINCT FROM OLD.privacy)
     AND NEW.profile_pb IS NOT DISTINCT FROM OLD.profile_pb THEN
    NEW.profile_pb := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER users_drop_stale_profile_pb BEFORE UPDATE OF style, body, privacy ON users
  FOR EACH ROW EXECUTE FUNCTION users_drop_stale_profile_pb();
