//! Throughput of the local alignment kernels, in GCUPS (10^9 matrix cells per second).
//!
//! Workload: 150 nt queries (half of them mutated fragments of a reference, so true hits
//! exercise the gap corrections, half random) against 1,500 nt references; cells per pair =
//! query length x reference length. Run with `cargo bench -p q2-dwq2 --bench align_kernel`.
//! The machine may be shared, so rates are given per wall second and per CPU second.
//! Arguments after `--` keep only the engines whose names contain one of them
//! (`-- avx2 oracle`); `oracle` selects `local_align` (the exact traceback).

use std::hint::black_box;
use std::time::{Duration, Instant};

use q2_dwq2::align::{Engine, LocalScorer, Scoring, local_align};

/// SplitMix64: a fixed-seed generator for reproducible sequences.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn base(&mut self) -> u8 {
        b"ACGT"[(self.next() % 4) as usize]
    }

    fn sequence(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.base()).collect()
    }

    /// `seq` with about 10% substitutions and 2% insertions and deletions each.
    fn mutate(&mut self, seq: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(seq.len() + 8);
        for &b in seq {
            match self.next() % 100 {
                0..10 => out.push(self.base()),
                10..12 => {}
                12..14 => {
                    out.push(b);
                    out.push(self.base());
                }
                _ => out.push(b),
            }
        }
        out
    }
}

/// 16 queries of 150 nt and 24 references of 1,500 nt.
fn workload() -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let mut rng = Rng(0x2025_0400);
    let references: Vec<Vec<u8>> = (0..24).map(|_| rng.sequence(1500)).collect();
    let queries = (0..16)
        .map(|k| {
            if k % 2 == 0 {
                let reference = &references[k % references.len()];
                let start = (rng.next() % 1300) as usize;
                let mut q = rng.mutate(&reference[start..start + 150]);
                q.resize(150, b'A');
                q
            } else {
                rng.sequence(150)
            }
        })
        .collect();
    (queries, references)
}

/// Nanoseconds this thread has run on a CPU (Linux `schedstat`), if readable.
fn cpu_nanos() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// GCUPS per wall second, and per CPU second when known.
struct Rate {
    wall: f64,
    cpu: Option<f64>,
}

impl Rate {
    fn best(&self) -> f64 {
        self.cpu.unwrap_or(self.wall)
    }

    fn show(&self, label: &str) {
        match self.cpu {
            Some(cpu) => println!(
                "{label:>26}: {:8.3} GCUPS per wall second, {cpu:8.3} per CPU second",
                self.wall
            ),
            None => println!("{label:>26}: {:8.3} GCUPS per wall second", self.wall),
        }
    }
}

/// Runs `pass` (which scores `cells` cells) until at least `budget` has elapsed.
fn measure(cells: u64, budget: Duration, mut pass: impl FnMut()) -> Rate {
    pass(); // warm-up
    let start = Instant::now();
    let cpu_start = cpu_nanos();
    let mut passes = 0u64;
    while start.elapsed() < budget {
        pass();
        passes += 1;
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_start
        .zip(cpu_nanos())
        .map(|(a, b)| b.saturating_sub(a) as f64 / 1e9)
        .filter(|&c| c > 0.0);
    let giga_cells = (cells * passes) as f64 / 1e9;
    Rate {
        wall: giga_cells / wall,
        cpu: cpu.map(|c| giga_cells / c),
    }
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));
    let (queries, references) = workload();
    let scoring = Scoring::local_default();
    let cells_against = |refs: &[Vec<u8>]| -> u64 {
        let reference_total: u64 = refs.iter().map(|r| r.len() as u64).sum();
        queries
            .iter()
            .map(|q| q.len() as u64 * reference_total)
            .sum()
    };
    let cells = cells_against(&references);
    println!(
        "{} queries x {} references, {:.1} M cells per pass",
        queries.len(),
        references.len(),
        cells as f64 / 1e6
    );

    let mut results = Vec::new();
    for engine in [
        Engine::Avx2,
        Engine::Avx2Words,
        Engine::Sse41,
        Engine::Sse2,
        Engine::Scalar,
    ] {
        if !wanted(engine.name()) {
            continue;
        }
        if !engine.is_available() {
            println!("{:>26}: not available on this CPU", engine.name());
            continue;
        }
        let mut scorers: Vec<LocalScorer> = queries
            .iter()
            .map(|q| LocalScorer::with_engine(q, &scoring, engine).expect("valid query"))
            .collect();
        let rate = measure(cells, Duration::from_secs(3), || {
            for scorer in &mut scorers {
                for reference in &references {
                    black_box(scorer.score(black_box(reference)).expect("valid reference"));
                }
            }
        });
        rate.show(&format!("{engine} kernel"));
        results.push((engine, rate.best()));
    }

    if !wanted("oracle") {
        return;
    }
    // The exact traceback (local_align: score pass, end location, recomputed blocks), timed
    // on a subset of the pairs.
    let subset = &references[..2];
    let oracle = measure(cells_against(subset), Duration::from_secs(3), || {
        for q in &queries {
            for r in subset {
                black_box(local_align(q, black_box(r), &scoring).expect("valid input"));
            }
        }
    });
    oracle.show("local_align (traceback)");
    for (engine, rate) in results {
        println!(
            "{:>26}: {:8.1}x local_align",
            engine.name(),
            rate / oracle.best()
        );
    }
}
