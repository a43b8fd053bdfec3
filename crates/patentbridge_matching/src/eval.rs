//! Retrieval metrics over graded judgements: nDCG@k, recall@k and the
//! reciprocal rank. A ranking is a list of document ids, best first.

use std::collections::HashMap;

/// The relevant documents of one query and their grades (higher is more
/// relevant); a document not in the map, or graded 0, is not relevant.
pub type Judgement = HashMap<usize, u32>;

fn grade(judgement: &Judgement, doc: usize) -> u32 {
    judgement.get(&doc).copied().unwrap_or(0)
}

fn discount(rank: usize) -> f64 {
    1.0 / (rank as f64 + 2.0).log2()
}

/// Normalised discounted cumulative gain of the first `k` results, with the
/// grade as the gain and `1 / log2(rank + 1)` as the discount (rank from 1).
/// 0 when nothing is relevant.
pub fn ndcg_at(ranking: &[usize], judgement: &Judgement, k: usize) -> f64 {
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &d)| f64::from(grade(judgement, d)) * discount(i))
        .sum();
    let mut ideal: Vec<u32> = judgement.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &g)| f64::from(g) * discount(i))
        .sum();
    if idcg > 0.0 { dcg / idcg } else { 0.0 }
}

fn relevant_count(judgement: &Judgement) -> usize {
    judgement.values().filter(|&&g| g > 0).count()
}

/// The share of the relevant documents found in the first `k` results;
/// 0 when nothing is relevant.
pub fn recall_at(ranking: &[usize], judgement: &Judgement, k: usize) -> f64 {
    let total = relevant_count(judgement);
    if total == 0 {
        return 0.0;
    }
    let found = ranking
        .iter()
        .take(k)
        .filter(|&&d| grade(judgement, d) > 0)
        .count();
    found as f64 / total as f64
}

/// One over the rank of the first relevant result; 0 if none is found.
pub fn reciprocal_rank(ranking: &[usize], judgement: &Judgement) -> f64 {
    ranking
        .iter()
        .position(|&d| grade(judgement, d) > 0)
        .map_or(0.0, |i| 1.0 / (i as f64 + 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(usize, u32)]) -> Judgement {
        pairs.iter().copied().collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ndcg_of_the_ideal_order_is_one_and_of_a_swapped_order_is_hand_computed() {
        let j = judged(&[(1, 2), (2, 1)]);
        assert!(close(ndcg_at(&[1, 2, 3], &j, 10), 1.0));
        // dcg = 1/log2(2) + 2/log2(3) = 1 + 1.261860; idcg = 2 + 1/log2(3) = 2.630930
        let expected = (1.0 + 2.0 / 3f64.log2()) / (2.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg_at(&[2, 1], &j, 10), expected));
        assert!(close(expected, 0.859_719_5_f64.max(expected)) || expected > 0.85);
    }

    #[test]
    fn ndcg_counts_only_the_first_k_results_and_the_best_k_ideal_grades() {
        let j = judged(&[(1, 1), (2, 1), (3, 1)]);
        // one relevant at rank 2 of k = 2: dcg = 1/log2(3); idcg = 1 + 1/log2(3)
        let expected = (1.0 / 3f64.log2()) / (1.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg_at(&[9, 1, 2], &j, 2), expected));
        assert_eq!(ndcg_at(&[1], &Judgement::new(), 10), 0.0);
    }

    #[test]
    fn recall_is_the_share_of_relevant_documents_within_k() {
        let j = judged(&[(1, 3), (2, 1), (3, 1), (4, 0)]);
        assert!(close(recall_at(&[1, 4, 9, 2], &j, 3), 1.0 / 3.0));
        assert!(close(recall_at(&[1, 4, 9, 2], &j, 4), 2.0 / 3.0));
        assert_eq!(recall_at(&[1], &Judgement::new(), 10), 0.0);
    }

    #[test]
    fn reciprocal_rank_is_one_over_the_first_relevant_rank() {
        let j = judged(&[(7, 1)]);
        assert!(close(reciprocal_rank(&[3, 5, 7], &j), 1.0 / 3.0));
        assert_eq!(reciprocal_rank(&[3, 5], &j), 0.0);
        assert_eq!(reciprocal_rank(&[], &j), 0.0);
    }
}
