-- A token may be limited to named permissions (e.g. Taler's reports-read): NULL is a full token of its account.
ALTER TABLE bw_token ADD COLUMN permissions VARCHAR(1000);
