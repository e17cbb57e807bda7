// name: skill_group_members
// The skills of each skill group of the taxonomies in $sources (group_id, the group a
// skill is listed under first): two skills of one group are related (related_concepts).
// Read once per store (about 650 groups, 11,000 skills for ESCO), in one record.
// params: $sources
// returns: groups
MATCH (s:Skill)
WHERE s.source IN $sources AND size(s.group_id) > 0
WITH s.group_id AS group_id, s.source AS source, collect(s.id) AS ids
RETURN collect({group_id: group_id, source: source, ids: ids}) AS groups
