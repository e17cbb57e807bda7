// name: skill_group_members
// Every skill of the taxonomies in $sources with its skill group (group_id, the group a
// skill is listed under first): two skills of one group are related (related_concepts).
// Read once per store (about 11,000 rows for ESCO).
// params: $sources
// returns: group_id, id, source
MATCH (s:Skill)
WHERE s.source IN $sources AND size(s.group_id) > 0
RETURN s.group_id AS group_id, s.id AS id, s.source AS source
