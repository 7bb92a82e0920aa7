namespace ApiStudio.Engine.Storage.Migrations;

/// <summary>Every migration of the system database, in order. Add new ones at the end; never edit a shipped one.</summary>
public static class Schema
{
    /// <summary>The migrations.</summary>
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "accounts, applications, users, roles, resources, var store, API keys, settings, refresh tokens", """
            CREATE TABLE accounts (
                accid {id},
                name TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE applications (
                appid {id},
                accid BIGINT NOT NULL REFERENCES accounts(accid) ON DELETE CASCADE,
                name TEXT NOT NULL,
                settings TEXT NOT NULL DEFAULT '{}',
                created_at BIGINT NOT NULL,
                UNIQUE (accid, name)
            );
            CREATE TABLE users (
                uid {id},
                username TEXT NOT NULL UNIQUE,
                email TEXT,
                password_hash TEXT NOT NULL,
                active {bool} NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE roles (
                rid {id},
                name TEXT NOT NULL UNIQUE
            );
            CREATE TABLE user_roles (
                urid {id},
                uid BIGINT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
                rid BIGINT NOT NULL REFERENCES roles(rid) ON DELETE CASCADE,
                accid BIGINT REFERENCES accounts(accid) ON DELETE CASCADE,
                appid BIGINT REFERENCES applications(appid) ON DELETE CASCADE
            );
            CREATE UNIQUE INDEX user_roles_unique ON user_roles (uid, rid, COALESCE(accid, 0), COALESCE(appid, 0));
            CREATE TABLE resources (
                resid {id},
                appid BIGINT NOT NULL REFERENCES applications(appid) ON DELETE CASCADE,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                method TEXT NOT NULL,
                uri TEXT NOT NULL,
                ttl BIGINT NOT NULL,
                format TEXT NOT NULL,
                document TEXT NOT NULL,
                version BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (appid, method, uri)
            );
            CREATE TABLE resource_versions (
                id {id},
                resid BIGINT NOT NULL REFERENCES resources(resid) ON DELETE CASCADE,
                version BIGINT NOT NULL,
                format TEXT NOT NULL,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by BIGINT,
                UNIQUE (resid, version)
            );
            CREATE TABLE var_store (
                vid {id},
                accid BIGINT REFERENCES accounts(accid) ON DELETE CASCADE,
                appid BIGINT REFERENCES applications(appid) ON DELETE CASCADE,
                key TEXT NOT NULL,
                val TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE UNIQUE INDEX var_store_unique ON var_store (COALESCE(accid, 0), COALESCE(appid, 0), key);
            CREATE TABLE api_keys (
                kid {id},
                appid BIGINT NOT NULL REFERENCES applications(appid) ON DELETE CASCADE,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                role TEXT,
                uid BIGINT REFERENCES users(uid) ON DELETE SET NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT
            );
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE refresh_tokens (
                id {id},
                uid BIGINT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
                token_hash TEXT NOT NULL UNIQUE,
                expires_at BIGINT NOT NULL,
                revoked_at BIGINT,
                created_at BIGINT NOT NULL
            );
            INSERT INTO roles (name) VALUES ('Administrator'), ('Account manager'), ('Application manager'), ('Developer'), ('Consumer');
            """),
        // No foreign key on purpose: deleting the creator must not turn the key into one without a creator (unlimited).
        new(2, "API keys remember who created them", """
            ALTER TABLE api_keys ADD COLUMN created_by BIGINT
            """),
        // One draft per resource, apart from the served row so the route table never sees it. The text may not load:
        // load_error keeps why, so the editor can show it and publish can refuse it.
        new(3, "resource drafts", """
            CREATE TABLE resource_drafts (
                resid BIGINT PRIMARY KEY REFERENCES resources(resid) ON DELETE CASCADE,
                revision BIGINT NOT NULL,
                format TEXT NOT NULL,
                document TEXT NOT NULL,
                load_error TEXT,
                updated_at BIGINT NOT NULL,
                updated_by BIGINT
            )
            """),
        // A resource may exist only as a draft: its row keeps the application it belongs to and its id, but no version
        // (0) and placeholders for the identity, so the unique identity constraint never sees it. The draft keeps the
        // header values it was saved with, for the resource list.
        new(4, "resources that exist only as a draft", """
            ALTER TABLE resources ADD COLUMN published {bool} NOT NULL DEFAULT TRUE;
            ALTER TABLE resource_drafts ADD COLUMN name TEXT;
            ALTER TABLE resource_drafts ADD COLUMN method TEXT;
            ALTER TABLE resource_drafts ADD COLUMN uri TEXT
            """),
        // One script per event name within an application; wildcards in names make several scripts match one request.
        // version counts saves, so a prepared program is cached per (sid, version). The creator and last editor are
        // kept without a foreign key, as for API keys: deleting a user must not delete or change scripts.
        new(5, "event scripts", """
            CREATE TABLE scripts (
                sid {id},
                appid BIGINT NOT NULL REFERENCES applications(appid) ON DELETE CASCADE,
                name TEXT NOT NULL,
                engine TEXT NOT NULL,
                content TEXT NOT NULL,
                is_active {bool} NOT NULL,
                allow_event_modification {bool} NOT NULL,
                queue TEXT,
                delay BIGINT,
                tries BIGINT,
                timeout BIGINT,
                version BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                created_by BIGINT,
                updated_by BIGINT,
                UNIQUE (appid, name)
            )
            """),
        // The durable queue. available_at is when a job may next be taken: its delay or backoff while queued, the end of
        // its reservation (reserved_at + timeout + grace) while running, so one partial index finds both the due jobs
        // and those whose worker died. failed_jobs keeps a failed job's last exception and all a retry needs; its id
        // is the job's. Times are epoch milliseconds; backoff is seconds separated by commas.
        new(6, "job queue", """
            CREATE TABLE jobs (
                id {id},
                queue TEXT NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                appid BIGINT REFERENCES applications(appid) ON DELETE CASCADE,
                created_by BIGINT,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                tries BIGINT NOT NULL,
                backoff TEXT NOT NULL,
                timeout_ms BIGINT NOT NULL,
                available_at BIGINT NOT NULL,
                reserved_at BIGINT,
                reserved_by TEXT,
                created_at BIGINT NOT NULL,
                started_at BIGINT,
                finished_at BIGINT,
                result TEXT,
                error TEXT
            );
            CREATE INDEX jobs_due ON jobs (queue, available_at, id) WHERE status IN ('queued', 'running');
            CREATE INDEX jobs_completed ON jobs (finished_at) WHERE status = 'completed';
            CREATE INDEX jobs_application ON jobs (appid, id);
            CREATE TABLE failed_jobs (
                id BIGINT PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE,
                queue TEXT NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                appid BIGINT REFERENCES applications(appid) ON DELETE CASCADE,
                created_by BIGINT,
                tries BIGINT NOT NULL,
                backoff TEXT NOT NULL,
                timeout_ms BIGINT NOT NULL,
                attempts BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                exception TEXT NOT NULL,
                failed_at BIGINT NOT NULL
            );
            CREATE INDEX failed_jobs_application ON failed_jobs (appid, id)
            """),
        // Scheduled tasks and their runs. A run row is also the lease of its fire time: (tid, scheduled_for) is unique,
        // so when several hosts fire the same schedule only the one whose INSERT wins runs it. The script, the run-as
        // user and the authors are kept without foreign keys: deleting them must not delete or silently change a task
        // (a run then fails saying why).
        new(7, "scheduled tasks and their run history", """
            CREATE TABLE tasks (
                tid {id},
                appid BIGINT NOT NULL REFERENCES applications(appid) ON DELETE CASCADE,
                name TEXT NOT NULL,
                cron TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                method TEXT,
                uri TEXT,
                payload TEXT,
                sid BIGINT,
                active {bool} NOT NULL,
                allow_overlap {bool} NOT NULL,
                run_as BIGINT,
                version BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                created_by BIGINT,
                updated_by BIGINT,
                UNIQUE (appid, name)
            );
            CREATE TABLE task_runs (
                id {id},
                tid BIGINT NOT NULL REFERENCES tasks(tid) ON DELETE CASCADE,
                scheduled_for BIGINT NOT NULL,
                source TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                finished_at BIGINT,
                status_code BIGINT,
                output TEXT,
                error TEXT,
                host TEXT NOT NULL,
                UNIQUE (tid, scheduled_for)
            );
            CREATE INDEX task_runs_status ON task_runs (tid, status)
            """),
    ];
}
