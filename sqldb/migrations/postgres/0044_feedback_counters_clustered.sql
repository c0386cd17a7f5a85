-- The counters of the rules against ballot stuffing: an address's counters
-- per official or unit are renamed from "ip-off:<pseudonym>:<id>" and
-- "ip-unit:<pseudonym>:<id>" to "ip:<pseudonym>:off:<id>" and
-- "ip:<pseudonym>:unit:<id>", next to the address's own counter
-- "ip:<pseudonym>" in the key's index, so that a rating touches one index
-- page for both; the hits counted so far carry over. The index of
-- window_start goes (the pruning of past windows, once an hour, scans the
-- table), so that a counter moving to a new window is updated in place
-- (HOT) like one counting on, with free room left in each page for it.
UPDATE feedback_counters SET key = 'ip:' || split_part(key, ':', 2) || ':off:' || split_part(key, ':', 3)
WHERE key LIKE 'ip-off:%:%';
UPDATE feedback_counters SET key = 'ip:' || split_part(key, ':', 2) || ':unit:' || split_part(key, ':', 3)
WHERE key LIKE 'ip-unit:%:%';
DROP INDEX feedback_counters_window;
ALTER TABLE feedback_counters SET (fillfactor = 70);
