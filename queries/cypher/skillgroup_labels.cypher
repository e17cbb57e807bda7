// name: skillgroup_labels
// Every skill group's label (a few hundred, read once per store and cached), in one record.
// params: -
// returns: labels
MATCH (g:SkillGroup)
RETURN collect(g {.id, .label}) AS labels
