/**
 * Schema migrations for the SQLite engine, applied in order inside one
 * transaction each and recorded in `schema_migrations`. Never edit a shipped
 * migration: append a new one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "thread model",
    sql: `
      CREATE TABLE contacts (
        id TEXT PRIMARY KEY,
        name TEXT,
        profile TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE identities (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        PRIMARY KEY (kind, value)
      );
      CREATE INDEX identities_contact ON identities(contact_id);
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        status TEXT NOT NULL,
        owner TEXT NOT NULL,
        queue TEXT,
        priority TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        fields TEXT NOT NULL DEFAULT '{}',
        escalation TEXT,
        last_channel TEXT NOT NULL,
        addresses TEXT NOT NULL DEFAULT '{}',
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_message_at INTEGER NOT NULL,
        snoozed_until INTEGER
      );
      CREATE INDEX conversations_contact ON conversations(contact_id, last_message_at);
      CREATE INDEX conversations_status ON conversations(status, last_message_at);
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        contact_id TEXT NOT NULL,
        direction TEXT NOT NULL,
        author_kind TEXT NOT NULL,
        author_id TEXT,
        channel TEXT NOT NULL,
        external_id TEXT,
        text TEXT NOT NULL,
        attachments TEXT NOT NULL DEFAULT '[]',
        delivery_state TEXT NOT NULL,
        error TEXT,
        created_at INTEGER NOT NULL,
        decided_at INTEGER
      );
      -- Not partial: SQLite cannot use a partial index for "external_id = ?" with a bound parameter; NULLs are distinct anyway.
      CREATE UNIQUE INDEX messages_external ON messages(channel, external_id);
      CREATE INDEX messages_conversation ON messages(conversation_id, seq);
      CREATE INDEX messages_undecided ON messages(seq) WHERE decided_at IS NULL AND direction = 'inbound';
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        conversation_id TEXT,
        contact_id TEXT,
        actor TEXT NOT NULL,
        data TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX events_conversation ON events(conversation_id, seq);
      CREATE INDEX events_type ON events(type, at);
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        message_id TEXT NOT NULL REFERENCES messages(id),
        conversation_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        address TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        status TEXT NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        lease_until INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
    `,
  },
  {
    version: 2,
    name: "knowledge-base article versions",
    sql: `
      CREATE TABLE article_versions (
        article_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        locale TEXT NOT NULL,
        file TEXT NOT NULL,
        author TEXT NOT NULL,
        author_source TEXT NOT NULL,
        content TEXT NOT NULL,
        diff TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (article_id, version)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: "handoff card and assignee on conversations",
    sql: `
      ALTER TABLE conversations ADD COLUMN handoff TEXT;
      ALTER TABLE conversations ADD COLUMN assignee TEXT;
    `,
  },
  {
    version: 4,
    name: "contact merges (merged_into, merge_record)",
    sql: `
      ALTER TABLE contacts ADD COLUMN merged_into TEXT;
      ALTER TABLE contacts ADD COLUMN merge_record TEXT;
    `,
  },
  {
    version: 5,
    name: "quick-reply buttons on messages",
    sql: `
      ALTER TABLE messages ADD COLUMN buttons TEXT;
    `,
  },
  {
    // Numbers 6-15 are reserved for work in progress elsewhere; gaps are fine (each version applies once).
    version: 16,
    name: "durable timers",
    sql: `
      CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        conversation_id TEXT,
        due_at INTEGER NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        attempts INTEGER NOT NULL DEFAULT 0,
        token TEXT,
        lease_until INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX timers_due ON timers (due_at);
    `,
  },
  {
    version: 17,
    name: "outbox entries by conversation (in-order delivery)",
    sql: `
      CREATE INDEX outbox_conversation ON outbox (conversation_id);
    `,
  },
  {
    version: 30,
    name: "console: agent credentials, invites, sessions; inbox index",
    sql: `
      CREATE TABLE console_credentials (
        agent_id TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE console_invites (
        token_hash TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX console_invites_agent ON console_invites (agent_id);
      CREATE TABLE console_sessions (
        id_hash TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX console_sessions_agent ON console_sessions (agent_id);
      CREATE INDEX conversations_waiting ON conversations (owner, status, COALESCE(json_extract(handoff, '$.createdAt'), ''), id);
      CREATE INDEX conversations_assignee ON conversations (assignee, last_message_at);
    `,
  },
];
