//! Corpus-learned word associations by random indexing: every word gets a
//! fixed sparse random vector; a word's context vector sums the random
//! vectors of the words it shares documents with; a document's vector sums
//! the context vectors of its words. Two texts about the same thing in
//! different words then point the same way.

/// Dimensions of every vector.
pub(crate) const DIM: usize = 256;
/// Non-zero entries of a word's random vector (half +1, half -1).
const NON_ZERO: usize = 8;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The random vector of a word, as (dimension, sign) pairs.
fn index_vector(term: u32) -> [(usize, f32); NON_ZERO] {
    let mut out = [(0usize, 0.0f32); NON_ZERO];
    let mut state = u64::from(term).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for (i, slot) in out.iter_mut().enumerate() {
        state = mix(state.wrapping_add(0x9E37_79B9_7F4A_7C15));
        *slot = (
            (state % DIM as u64) as usize,
            if i % 2 == 0 { 1.0 } else { -1.0 },
        );
    }
    out
}

pub(crate) fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Context vectors of every word (flattened, `DIM` per word, unit length),
/// from documents given as (word, weight) lists; words `useful` rejects get
/// none.
pub(crate) fn context_vectors(
    docs: &[Vec<(u32, f32)>],
    vocabulary: usize,
    useful: impl Fn(u32) -> bool,
) -> Vec<f32> {
    let mut context = vec![0.0f32; vocabulary * DIM];
    let mut sum = vec![0.0f32; DIM];
    for doc in docs {
        sum.iter_mut().for_each(|x| *x = 0.0);
        for &(t, w) in doc.iter().filter(|(t, _)| useful(*t)) {
            for (d, s) in index_vector(t) {
                sum[d] += w * s;
            }
        }
        for &(t, w) in doc.iter().filter(|(t, _)| useful(*t)) {
            let c = &mut context[t as usize * DIM..(t as usize + 1) * DIM];
            for (x, s) in c.iter_mut().zip(&sum) {
                *x += s;
            }
            // a word is not its own context
            for (d, s) in index_vector(t) {
                c[d] -= w * s;
            }
        }
    }
    for c in context.chunks_mut(DIM) {
        normalise(c);
    }
    context
}

/// The unit vector of a text given as (word, weight): its words' context vectors summed.
pub(crate) fn text_vector(terms: &[(u32, f32)], context: &[f32]) -> Vec<f32> {
    let mut v = vec![0.0f32; DIM];
    for &(t, w) in terms {
        let c = &context[t as usize * DIM..(t as usize + 1) * DIM];
        for (x, y) in v.iter_mut().zip(c) {
            *x += w * y;
        }
    }
    normalise(&mut v);
    v
}

pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
