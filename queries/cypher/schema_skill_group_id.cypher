// name: schema_skill_group_id
// Skills by skill group: the same-group half of related_concepts.
// params: -
// returns: -
CREATE INDEX skill_group_id IF NOT EXISTS FOR (n:Skill) ON (n.group_id)
