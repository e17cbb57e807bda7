// name: marker_write
// The load marker: written with complete=false before anything else and replaced with
// the versions, counts and similarity settings (complete=true) after everything else.
// props: a flat map (nested values as JSON strings); it replaces every property.
// params: $marker_id, $props
// returns: complete
MERGE (m:SkillgraphLoad {id: $marker_id})
SET m = $props
RETURN m.complete AS complete
