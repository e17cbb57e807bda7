// name: skill_group_members
// The skills of each skill group of the taxonomies in $sources (group_id, the group a
// skill is listed under first): two skills of one group are related (related_concepts).
// Read once per store (about 650 groups, 11,000 skills for ESCO).
// params: $sources
// returns: group_id, source, ids
MATCH (s:Skill)
WHERE s.source IN $sources AND size(s.group_id) > 0
RETURN s.group_id AS group_id, s.source AS source, collect(s.id) AS ids
