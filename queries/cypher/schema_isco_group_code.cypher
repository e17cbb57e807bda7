// name: schema_isco_group_code
// ISCO groups by code: the unit-to-major-group chain of an occupation.
// params: -
// returns: -
CREATE INDEX skillgraph_isco_group_code IF NOT EXISTS FOR (n:IscoGroup) ON (n.code)
