-- Managing a tenant's API keys (create, revoke, rotate) takes a scope of its own: a leaked TRANSLATE key must not
-- be able to mint keys that outlive its revocation.
ALTER TYPE "ApiKeyScope" ADD VALUE 'KEYS';
