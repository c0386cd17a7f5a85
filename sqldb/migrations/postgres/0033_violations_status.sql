-- A violation list filtered by a status walks that status's violations
-- newest act first (violationsql.walkByAct): the open and the dismissed
-- are a few percent of the table, which a walk of the act-date index would
-- pass by the thousand, and a province's set would find by reading all its
-- rows. (A subtree's set keeps its unit index: it writes +status.)
CREATE INDEX violations_status ON violations(status, act_date, id);
