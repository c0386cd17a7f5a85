-- feedback_answers carries no foreign key (see the PostgreSQL migration of
-- the same name): SQLite drops one by rebuilding the table. Page fill
-- factors have no SQLite counterpart.
CREATE TABLE feedback_answers_new (
    feedback_id INTEGER NOT NULL,
    item_code   TEXT NOT NULL,
    yes         BOOLEAN NOT NULL,
    PRIMARY KEY (feedback_id, item_code)
);
INSERT INTO feedback_answers_new SELECT feedback_id, item_code, yes FROM feedback_answers;
DROP TABLE feedback_answers;
ALTER TABLE feedback_answers_new RENAME TO feedback_answers;
