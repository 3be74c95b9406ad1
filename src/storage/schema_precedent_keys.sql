-- 类案参考 on a large register (issue 27): each decision under every
-- (regulation, 问责情形, 情节 level) its respondent was found to have, in
-- decision-date order, so the newest similar decisions are read from the
-- front of one index instead of sorting every decision of the behaviour.
-- Derived data, kept by the triggers below (a decision, or a behaviour or
-- level selected after it); `similar_decisions` checks every row it reads
-- against the records themselves (selections not archived, the decision
-- standing), so the table only ever narrows where to look.
CREATE TABLE precedent_keys (
    regulation_id TEXT NOT NULL,
    behaviour     TEXT NOT NULL,
    level         TEXT NOT NULL,
    decided_on    TEXT NOT NULL,
    decision_id   INTEGER NOT NULL,
    PRIMARY KEY (regulation_id, behaviour, level, decided_on, decision_id)
) WITHOUT ROWID, STRICT;

INSERT OR IGNORE INTO precedent_keys
SELECT b.regulation_id, b.item_id, l.item_id, d.decided_on, d.id
  FROM decisions d
  JOIN selections b ON b.respondent_id = d.respondent_id AND b.kind = 'behaviour'
  JOIN selections l ON l.respondent_id = d.respondent_id AND l.kind = 'severity'
   AND l.regulation_id = b.regulation_id;

CREATE TRIGGER precedent_keys_decision AFTER INSERT ON decisions BEGIN
    INSERT OR IGNORE INTO precedent_keys
    SELECT b.regulation_id, b.item_id, l.item_id, NEW.decided_on, NEW.id
      FROM selections b
      JOIN selections l ON l.respondent_id = b.respondent_id AND l.kind = 'severity'
       AND l.regulation_id = b.regulation_id
     WHERE b.respondent_id = NEW.respondent_id AND b.kind = 'behaviour';
END;

CREATE TRIGGER precedent_keys_selection AFTER INSERT ON selections
WHEN NEW.kind IN ('behaviour', 'severity') BEGIN
    INSERT OR IGNORE INTO precedent_keys
    SELECT b.regulation_id, b.item_id, l.item_id, d.decided_on, d.id
      FROM decisions d
      JOIN selections b ON b.respondent_id = d.respondent_id AND b.kind = 'behaviour'
      JOIN selections l ON l.respondent_id = d.respondent_id AND l.kind = 'severity'
       AND l.regulation_id = b.regulation_id
     WHERE d.respondent_id = NEW.respondent_id AND (b.id = NEW.id OR l.id = NEW.id);
END;
