// name: skillgroup_labels
// Every skill group's label (a few hundred rows, read once per store and cached).
// params: -
// returns: id, label
MATCH (g:SkillGroup)
RETURN g.id AS id, g.label AS label
ORDER BY id
