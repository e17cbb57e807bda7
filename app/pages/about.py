"""Data & about: where the data comes from, which versions are loaded, how much of it,
the attributions the sources ask for, the store in use, and how to load the data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from skillgraph.app.views import formatting as fmt
from skillgraph.app.views import session
from skillgraph.loaders.sources import ESCO_HELP

store = session.store()
meta = store.meta()

st.title("Data & about")
st.markdown(
    "skillgraph puts two public taxonomies of occupations and skills into one graph — **ESCO**, the European "
    "classification, and **O\\*NET**, the US one — linked by a published crosswalk. Roles are compared by the skills "
    "they share; a move counts as realistic when two roles are similar enough, calibrated on roles of the same "
    "occupation group."
)

st.header("Loaded data", anchor=False)
versions = pd.DataFrame({"Source": list(meta.versions), "Version": list(meta.versions.values())})
left, right = st.columns(2, gap="large")
with left:
    st.dataframe(versions, hide_index=True, width="stretch")
    store_name = "embedded, in memory" if meta.backend == "memory" else f"{meta.backend} at {meta.address}"
    st.markdown(f"**Store in use:** {fmt.md(store_name)}")
    if meta.built_at:
        st.markdown(f"**Built:** {fmt.md(meta.built_at)}")
    if not meta.complete:
        st.warning("The load did not finish: some data may be missing. Run `skillgraph load` again.")
with right:
    names = {
        "Occupation": "Occupations",
        "Skill": "Skills",
        "Knowledge": "Knowledge concepts",
        "SkillGroup": "Skill groups",
        "Technology": "Technologies and tools",
        "IscoGroup": "ISCO-08 groups",
    }
    counts = pd.DataFrame({"What": [names.get(k, k) for k in meta.node_counts], "Count": list(meta.node_counts.values())})
    st.dataframe(counts, hide_index=True, width="stretch")
with st.expander("Relationships"):
    st.dataframe(
        pd.DataFrame({"Relationship": list(meta.edge_counts), "Count": list(meta.edge_counts.values())}),
        hide_index=True,
        width="stretch",
    )
if meta.sources:
    with st.expander("Files read"):
        st.dataframe(
            pd.DataFrame({"Part": [p for p, _ in meta.sources], "Files": [f for _, f in meta.sources]}),
            hide_index=True,
            width="stretch",
        )
if meta.notes or meta.skipped:
    with st.expander("Notes from the load"):
        for note in meta.notes:
            st.markdown(f"- {fmt.md(note)}")
        for reason, count in meta.skipped:
            st.markdown(f"- skipped {count}: {fmt.md(reason)}")
if meta.similarity:
    with st.expander("How similarity is computed"):
        s = meta.similarity
        st.markdown(
            "**ESCO roles** are compared by their requirements: essential ones weigh "
            f"{s.get('w_essential', 1)}, optional ones {s.get('w_optional', 0.5)}; skills almost every role has count less, "
            "and related skills (same skill group, or one step broader or narrower) get partial credit. "
            "The score is the cosine of the two weighted requirement profiles (a soft cosine).\n\n"
            "**O\\*NET roles** are compared by a weighted mean of how alike their skill and knowledge importance "
            "ratings, technologies, tasks, alternate titles and interest profiles are.\n\n"
            "**Already has** (coverage) is directional: the share of the target role's essential requirements "
            f"someone in the other role has. Each role keeps its {s.get('top_k', 30)} most similar roles. "
            "A move counts as realistic when the score reaches the mean minus one standard deviation of the scores "
            "between roles of the same occupation group (as in Nesta's *Mapping Career Causeways*)."
        )
        rows = []
        for prefix, name in (("esco", "ESCO"), ("onet", "O*NET")):
            if f"{prefix}_threshold" in s:
                rows.append(
                    {
                        "Taxonomy": name,
                        "Realistic-move threshold": f"{s[f'{prefix}_threshold'] * 100:.1f} %",
                        "Calibrated on": s.get(f"{prefix}_group", ""),
                    }
                )
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.header("Sources and attribution", anchor=False)
onet_version = meta.versions.get("O*NET", "")
st.markdown(
    f"""
**ESCO** — European Skills, Competences, Qualifications and Occupations.
This product uses the ESCO classification of the European Commission. © European Union.
Free reuse with attribution (Commission Decision 2011/833/EU).

**O\\*NET** — O\\*NET {fmt.md(onet_version)} Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA),
used under the CC BY 4.0 licence. skillgraph has modified the information for its purposes; USDOL/ETA has not approved,
endorsed or tested these modifications.

**ESCO → O\\*NET crosswalk** — Nesta, *Mapping Career Causeways* (© 2021 Nesta, MIT licence), with the O\\*NET-SOC 2010 → 2019
crosswalk from the O\\*NET Resource Center (CC BY 4.0).
"""
)

st.header("Loading or updating the data", anchor=False)
st.markdown(
    f"""
- **O\\*NET and the crosswalk:** `skillgraph download onet` fetches them into the cache.
- **ESCO:** {fmt.md(ESCO_HELP)}
- **Files already on disk:** set `SKILLGRAPH_DATA_DIR` to a folder laid out like `shared/data`
  (`esco-*/`, `onet-*/`, `crosswalks/`) and run `skillgraph load`.
- **Shared server:** set `SKILLGRAPH_BACKEND=neo4j` and `SKILLGRAPH_NEO4J_URI`, then `skillgraph load --target neo4j`.
"""
)

st.header("Privacy", anchor=False)
st.markdown(
    "This app runs entirely on this machine: it sends no usage statistics and loads nothing from the internet. "
    "Searches and selections stay in your browser session and in the page address."
)
