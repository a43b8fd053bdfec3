//! Facet counting: a collector that tallies every facet's values over the
//! whole matching set by reading the fast string columns.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::facet_field_name;
use crate::{Facet, FacetCounts};

/// At most this many values are reported per facet.
pub(crate) const MAX_VALUES_PER_FACET: usize = 50;

pub(crate) struct FacetCollector;

pub(crate) struct FacetSegmentCollector {
    /// Per facet: the column (absent when no document of the segment has a
    /// value) and a count per term ordinal.
    columns: Vec<Option<(StrColumn, Vec<u64>)>>,
}

/// Per facet, value → count, for one segment.
pub(crate) struct SegmentCounts(Vec<HashMap<String, u64>>);

impl Collector for FacetCollector {
    type Fruit = Vec<FacetCounts>;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let mut columns = Vec::with_capacity(Facet::ALL.len());
        for facet in Facet::ALL {
            let column = segment.fast_fields().str(&facet_field_name(facet))?;
            columns.push(column.map(|c| {
                let counts = vec![0u64; c.num_terms()];
                (c, counts)
            }));
        }
        Ok(FacetSegmentCollector { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<Vec<FacetCounts>> {
        let mut totals: Vec<HashMap<String, u64>> = vec![HashMap::new(); Facet::ALL.len()];
        for SegmentCounts(per_facet) in segments {
            for (total, counts) in totals.iter_mut().zip(per_facet) {
                for (value, n) in counts {
                    *total.entry(value).or_default() += n;
                }
            }
        }
        Ok(Facet::ALL
            .into_iter()
            .zip(totals)
            .map(|(facet, counts)| {
                let mut values: Vec<(String, u64)> = counts.into_iter().collect();
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                values.truncate(MAX_VALUES_PER_FACET);
                FacetCounts { facet, values }
            })
            .collect())
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (column, counts) in self.columns.iter_mut().flatten() {
            for ord in column.ords().values_for_doc(doc) {
                if let Some(n) = counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> SegmentCounts {
        let mut out = Vec::with_capacity(self.columns.len());
        for column in self.columns {
            let mut map = HashMap::new();
            if let Some((column, counts)) = column {
                let mut value = String::new();
                for (ord, n) in counts.into_iter().enumerate() {
                    if n > 0 && column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                        map.insert(value.clone(), n);
                    }
                }
            }
            out.push(map);
        }
        SegmentCounts(out)
    }
}
