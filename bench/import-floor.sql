-- The storage engine's floor for `loudou import deals` of the generic file: the same rows into
-- Loudou's own schema (foreign keys on), written by sqlite3 itself with INSERT ... SELECT from the
-- `.import`ed plain table `p.deals`, without any checking, mapping or .NET. bench/import.sh wraps
-- it as the import's bulk load works (one transaction, a 64 MB page cache, the secondary indexes
-- of deals and stage_transitions dropped before and built again after) to show how much of an
-- import's time is SQLite's own work on this schema.
INSERT INTO accounts (name, source, external_id, recorded_at, updated_at)
  SELECT account, 'generic', account, '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM p.deals GROUP BY account;
INSERT INTO channels (name) SELECT channel FROM p.deals GROUP BY channel;
INSERT INTO users (login_name, normalized_login_name, display_name, role, is_active, security_stamp, concurrency_stamp, lockout_enabled, access_failed_count, recorded_at, updated_at)
  SELECT lower(replace(owner, ' ', '.')), upper(replace(owner, ' ', '.')), owner, 'Rep', 1, 's', 'c', 1, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM p.deals GROUP BY owner;
INSERT INTO deals (id, source, external_id, name, account_id, channel_id, owner_id, amount, currency, probability, created_at, pipeline_id, stage_id, closed_at, version, recorded_at, updated_at)
  SELECT d.rowid, 'generic', d.external_id, d.name, a.id, c.id, u.id, d.amount, 'CNY', 0.5, d.created_at || ' 00:00:00', s.pipeline_id, s.id,
         CASE WHEN d.stage IN ('won', 'lost') THEN d.stage_date || ' 00:00:00' END, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00'
  FROM p.deals d
  JOIN accounts a ON a.source = 'generic' AND a.external_id = d.account
  JOIN channels c ON c.name = d.channel
  JOIN users u ON u.display_name = d.owner
  JOIN stages s ON s.key = d.stage AND s.pipeline_id = (SELECT min(id) FROM pipelines);
INSERT INTO stage_transitions (deal_id, stage_id, entered_at, source)
  SELECT d.id, (SELECT id FROM stages WHERE key = 'lead' AND pipeline_id = d.pipeline_id), d.created_at, 'Import' FROM deals d;
INSERT INTO stage_transitions (deal_id, stage_id, entered_at, source)
  SELECT d.id, d.stage_id, p.stage_date || ' 00:00:00', 'Import' FROM deals d JOIN p.deals p ON p.rowid = d.id
  WHERE d.stage_id <> (SELECT id FROM stages WHERE key = 'lead' AND pipeline_id = d.pipeline_id);
