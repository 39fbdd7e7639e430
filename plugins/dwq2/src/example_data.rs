//! The data of the usage examples, made deterministically: 16S-like reference genes of four
//! invented genera, query fragments of some of them, and taxonomy-like reference metadata.
//!
//! Nothing here comes from real organisms: an ancestral sequence is drawn from a seeded
//! generator, and every reference descends from it by seeded mutations, so that references of
//! one genus are close and queries (mutated 250 nt fragments) have true best hits.

use std::fmt::Write as _;
use std::path::Path;

use q2_types::fasta::Record;
use qiime2_plugin::plugin::ActionError;

use crate::views::{Records, SingleSequence};

/// SplitMix64: a small, well-mixed, seeded generator (so the data never change).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn base(&mut self) -> u8 {
        b"ACGT"[self.below(4)]
    }
}

/// `sequence` with about `per_thousand`/1000 of its positions substituted, and a few short
/// insertions and deletions.
fn mutate(rng: &mut Rng, sequence: &[u8], per_thousand: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(sequence.len() + 8);
    for &base in sequence {
        let roll = rng.below(1000);
        if roll < per_thousand {
            out.push(rng.base());
        } else if roll < per_thousand + per_thousand / 20 {
            // a deletion: skip this base
        } else if roll < per_thousand + per_thousand / 10 {
            out.push(base);
            out.push(rng.base());
        } else {
            out.push(base);
        }
    }
    out
}

const GENERA: [(&str, &str, &str, &str, &str); 4] = [
    (
        "Exemplibacterota",
        "Exemplibacteria",
        "Exemplibacterales",
        "Exemplibacteraceae",
        "Exemplibacter",
    ),
    (
        "Exemplibacterota",
        "Exemplibacteria",
        "Exemplibacterales",
        "Demonstraceae",
        "Demonstratus",
    ),
    (
        "Fictomonadota",
        "Fictomonadia",
        "Fictomonadales",
        "Fictomonadaceae",
        "Fictomonas",
    ),
    (
        "Fictomonadota",
        "Fictomonadia",
        "Tutorialales",
        "Tutorialaceae",
        "Tutorialella",
    ),
];
const SPECIES: [&str; 5] = ["alpha", "beta", "gamma", "delta", "epsilon"];

/// One reference with its taxonomy.
struct Reference {
    record: Record,
    taxonomy: [String; 7],
}

fn references() -> Vec<Reference> {
    let mut rng = Rng(0x5EED_0016_5000_0001);
    let ancestor: Vec<u8> = (0..1600).map(|_| rng.base()).collect();
    let mut references = Vec::new();
    for (g, (phylum, class, order, family, genus)) in GENERA.iter().enumerate() {
        let genus_root = mutate(&mut rng, &ancestor, 120);
        for (s, species) in SPECIES.iter().enumerate() {
            let gene = mutate(&mut rng, &genus_root, 30);
            let start = rng.below(200);
            let length = 1200 + rng.below(401).min(gene.len() - start - 1200);
            let sequence =
                String::from_utf8(gene[start..start + length].to_vec()).expect("bases are ASCII");
            let id = format!("ref-{}{}", g + 1, s + 1);
            references.push(Reference {
                record: Record {
                    id,
                    description: format!("{genus} {species} 16S-like gene"),
                    sequence,
                },
                taxonomy: [
                    "Bacteria".into(),
                    (*phylum).into(),
                    (*class).into(),
                    (*order).into(),
                    (*family).into(),
                    (*genus).into(),
                    format!("{genus} {species}"),
                ],
            });
        }
    }
    references
}

/// The five queries: 250 nt fragments of five references, lightly mutated.
fn queries() -> Vec<Record> {
    let mut rng = Rng(0x5EED_0016_5000_0002);
    let references = references();
    [2usize, 6, 9, 13, 18]
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            let source = references[r].record.sequence.as_bytes();
            let start = rng.below(source.len() - 250);
            let fragment = mutate(&mut rng, &source[start..start + 250], 15);
            Record {
                id: format!("query-{}", i + 1),
                description: format!(
                    "fragment of {} from position {}",
                    references[r].record.id,
                    start + 1
                ),
                sequence: String::from_utf8(fragment).expect("bases are ASCII"),
            }
        })
        .collect()
}

/// `FeatureData[Sequence]`: the queries of the search examples.
pub fn query_seqs() -> Result<Records, ActionError> {
    Ok(Records(queries()))
}

/// `FeatureData[Sequence]`: the references of the search examples.
pub fn reference_seqs() -> Result<Records, ActionError> {
    Ok(Records(
        references().into_iter().map(|r| r.record).collect(),
    ))
}

/// Metadata: the references' taxonomy and gene length.
pub fn reference_metadata(path: &Path) -> Result<(), ActionError> {
    let mut text =
        String::from("id\tdomain\tphylum\tclass\torder\tfamily\tgenus\tspecies\tgene length\n");
    for reference in references() {
        let _ = writeln!(
            text,
            "{}\t{}\t{}",
            reference.record.id,
            reference.taxonomy.join("\t"),
            reference.record.sequence.len()
        );
    }
    std::fs::write(path, text).map_err(|e| ActionError::msg(format!("{}: {e}", path.display())))
}

/// `SingleDNASequence`: the first sequence of the alignment examples.
pub fn seq1() -> Result<SingleSequence, ActionError> {
    Ok(SingleSequence(single("seq1", 0)))
}

/// `SingleDNASequence`: the second sequence of the alignment examples.
pub fn seq2() -> Result<SingleSequence, ActionError> {
    Ok(SingleSequence(single("seq2", 1)))
}

/// A 60 nt stretch of the first reference, the second copy with a few changes.
fn single(id: &str, variant: u64) -> Record {
    let references = references();
    let source = &references[0].record.sequence.as_bytes()[100..160];
    let mut rng = Rng(0x5EED_0016_5000_0100 + variant);
    let sequence = if variant == 0 {
        source.to_vec()
    } else {
        mutate(&mut rng, source, 60)
    };
    Record {
        id: id.into(),
        description: String::new(),
        sequence: String::from_utf8(sequence).expect("bases are ASCII"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Scoring;
    use crate::search::search;

    #[test]
    fn the_data_are_deterministic_and_shaped_as_promised() {
        let references = reference_seqs().unwrap().0;
        assert_eq!(references, reference_seqs().unwrap().0);
        assert_eq!(references.len(), 20);
        assert!(
            references
                .iter()
                .all(|r| (1200..=1600).contains(&r.sequence.len())),
            "lengths"
        );
        let queries = query_seqs().unwrap().0;
        assert_eq!(queries.len(), 5);
        assert!(
            queries
                .iter()
                .all(|q| (240..=260).contains(&q.sequence.len()))
        );
        assert!(
            references
                .iter()
                .chain(&queries)
                .all(|r| r.sequence.bytes().all(|b| b"ACGT".contains(&b)))
        );
    }

    #[test]
    fn each_query_finds_its_source_reference_first() {
        let references = reference_seqs().unwrap().0;
        let queries = query_seqs().unwrap().0;
        let hits = search(&queries, &references, 1, &Scoring::local_default()).unwrap();
        let found: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (h.query_id.as_str(), h.reference_id.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("query-1", "ref-13"),
                ("query-2", "ref-22"),
                ("query-3", "ref-25"),
                ("query-4", "ref-34"),
                ("query-5", "ref-44")
            ]
        );
    }

    #[test]
    fn the_metadata_describes_every_reference() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("md.tsv");
        reference_metadata(&path).unwrap();
        let metadata = qiime2_plugin::metadata::Metadata::load(&path).unwrap();
        assert_eq!(metadata.len(), 20);
        assert_eq!(metadata.columns().len(), 8);
    }
}
