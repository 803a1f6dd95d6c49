-- Gateway caches (API keys; model resolution): every write that can change what they hold sends
-- NOTIFY parley_cache '<domain>' from the writing transaction itself, so every gateway listening on the database
-- drops that domain's entries once the write commits (a rolled-back write notifies nobody). Triggers rather than
-- NOTIFY calls in the application: they also cover writes from other processes (training runner, bootstrap,
-- migrations, psql) and code paths added later. Payloads are 'keys' (ApiKey, Tenant) or 'models' (Model,
-- ModelVersion, ModelLabel); PostgreSQL folds identical notifications of one transaction into one.
CREATE FUNCTION "parley_notify_cache"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('parley_cache', TG_ARGV[0]);
  RETURN NULL;
END
$$;

-- A new key or tenant changes no cached entry (the cache keeps only keys it found); the once-a-minute
-- lastUsedAt write on a busy key is not a change either.
CREATE TRIGGER "ApiKey_notify_cache_update" AFTER UPDATE ON "ApiKey" FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'lastUsedAt') IS DISTINCT FROM (to_jsonb(NEW) - 'lastUsedAt'))
  EXECUTE FUNCTION "parley_notify_cache"('keys');
CREATE TRIGGER "ApiKey_notify_cache_delete" AFTER DELETE OR TRUNCATE ON "ApiKey" FOR EACH STATEMENT
  EXECUTE FUNCTION "parley_notify_cache"('keys');
CREATE TRIGGER "Tenant_notify_cache" AFTER UPDATE OR DELETE OR TRUNCATE ON "Tenant" FOR EACH STATEMENT
  EXECUTE FUNCTION "parley_notify_cache"('keys');

-- Any model, version or label written: a new own model shadows a public one of the same name, a moved label or
-- an archived version changes which version serves, so inserts count too.
CREATE TRIGGER "Model_notify_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Model" FOR EACH STATEMENT
  EXECUTE FUNCTION "parley_notify_cache"('models');
CREATE TRIGGER "ModelVersion_notify_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ModelVersion" FOR EACH STATEMENT
  EXECUTE FUNCTION "parley_notify_cache"('models');
CREATE TRIGGER "ModelLabel_notify_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ModelLabel" FOR EACH STATEMENT
  EXECUTE FUNCTION "parley_notify_cache"('models');
