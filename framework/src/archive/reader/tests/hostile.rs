//! Hostile archives beyond bad names: device and hard-link-like entries, zip bombs, deep
//! nesting and YAML alias bombs. Each is refused with a clear error and `open_fails` checks
//! that nothing was written next to the archive or left in the extraction folder.

use super::*;

/// A zip of `base(U)` plus `data/zeros.bin` holding `zeros` zero bytes, with `copies` more
/// central-directory entries (`data/copy-N.bin`) pointing at the same compressed bytes.
fn bomb(zeros: usize, copies: usize) -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bomb.zip");
    let mut zw = ZipWriter::new(fs::File::create(&path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, kind) in base(U) {
        let Kind::File(bytes) = kind else {
            unreachable!("base holds files only")
        };
        zw.start_file(name, opts).unwrap();
        zw.write_all(&bytes).unwrap();
    }
    let zeros_name = format!("{U}/data/zeros.bin");
    zw.start_file(zeros_name.as_str(), opts).unwrap();
    let chunk = vec![0u8; 1 << 16];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(chunk.len());
        zw.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    for i in 0..copies {
        zw.shallow_copy_file(&zeros_name, &format!("{U}/data/copy-{i}.bin"))
            .unwrap();
    }
    zw.finish().unwrap();
    fs::read(path).unwrap()
}

#[test]
fn device_socket_and_fifo_entries_are_refused() {
    let name = format!("{U}/data/node");
    for mode in [0o060_644, 0o020_644, 0o140_644, 0o010_644] {
        let err = fails(&with(base(U), &name, Kind::Mode(mode)));
        assert_eq!(
            unsafe_reason(&err),
            Some((name.clone(), UnsafeReason::SpecialFile)),
            "mode {mode:o}"
        );
        assert!(err.to_string().contains("device, fifo or socket"), "{err}");
    }
}

/// Zip has no hard-link entry type; the nearest thing is two entries sharing the same
/// stored bytes, which is also how the non-recursive zip bomb works.
#[test]
fn entries_sharing_data_are_refused() {
    let bytes = bomb(10, 1);
    let err = open_fails(&bytes, &ReadLimits::default());
    assert!(
        matches!(err, ArchiveError::OverlappingEntries { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("share compressed data"), "{err}");
}

#[test]
fn overlapping_zip_bomb_is_refused_before_extraction() {
    // 4 MiB of zeros inflated 500 times: 2 GiB declared from a file of a few kilobytes.
    let bytes = bomb(4 << 20, 500);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let err = open_fails(&bytes, &ReadLimits::default());
    assert!(
        matches!(err, ArchiveError::OverlappingEntries { .. }),
        "{err}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bomb.qza");
    fs::write(&path, &bytes).unwrap();
    assert!(matches!(
        peek(&path).unwrap_err(),
        ArchiveError::OverlappingEntries { .. }
    ));
}

#[test]
fn high_ratio_entry_is_refused_by_the_size_limit() {
    // About 1000:1; the declared size alone is enough to refuse it before writing a byte.
    let bytes = bomb(8 << 20, 0);
    assert!(bytes.len() < 64 << 10, "{} bytes", bytes.len());
    let limits = ReadLimits {
        max_total_size: 1 << 20,
        ..ReadLimits::default()
    };
    let err = open_fails(&bytes, &limits);
    assert!(
        matches!(err, ArchiveError::TooLarge { limit, size, .. } if limit == 1 << 20 && size > 8 << 20),
        "{err}"
    );
    assert!(
        err.to_string().contains("the limit is 1048576 bytes"),
        "{err}"
    );
}

#[test]
fn high_ratio_entry_that_hides_its_size_stops_at_the_limit() {
    let name = format!("{U}/data/zeros.bin");
    let mut bytes = bomb(8 << 20, 0);
    patch_declared_size(&mut bytes, &name, 100);
    let limits = ReadLimits {
        max_total_size: 1 << 20,
        ..ReadLimits::default()
    };
    let err = open_fails(&bytes, &limits);
    assert!(
        matches!(&err, ArchiveError::Corrupt { detail, .. } if detail.contains("declared")),
        "{err}"
    );
}

/// `levels` nested `artifacts/<uuid>/` folders under `provenance/`, as a hostile writer might
/// nest ancestors (QIIME 2 itself keeps them flat).
fn nested_provenance(levels: usize) -> String {
    let mut name = format!("{U}/provenance");
    for _ in 0..levels {
        name.push_str("/artifacts/");
        name.push_str(U2);
    }
    name.push_str("/action/action.yaml");
    name
}

#[test]
fn deeply_nested_provenance_is_refused() {
    let deep = nested_provenance(1_000);
    let err = fails(&with(base(U), &deep, file("a: 1\n")));
    assert_eq!(unsafe_reason(&err), Some((deep, UnsafeReason::TooLong)));
    assert!(err.to_string().contains("name too long"), "{err}");
    let many: String = (0..70).fold(format!("{U}/provenance"), |s, _| s + "/a");
    let err = fails(&with(base(U), &many, file("x")));
    assert_eq!(unsafe_reason(&err), Some((many, UnsafeReason::TooDeep)));
    assert!(err.to_string().contains("nested too deeply"), "{err}");
}

#[test]
fn moderately_nested_provenance_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("ok.qza");
    zip_with(
        &path,
        &sealed(with(base(U), &nested_provenance(8), file("a: 1\n"))),
    );
    let archive = Archive::open(&path).unwrap();
    assert!(archive.provenance_dir().unwrap().join("artifacts").is_dir());
}

/// `levels` levels of ten aliases each: 10^levels strings from a few hundred bytes.
fn laughs(levels: usize) -> String {
    let mut text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n".to_owned();
    for i in 1..=levels {
        let p = i - 1;
        let row = vec![format!("*l{p}"); 10].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{row}]\n"));
    }
    text
}

#[test]
fn metadata_yaml_alias_bombs_are_refused() {
    let head = format!("uuid: {U}\ntype: T\nformat: F\n");
    let items = vec!["x"; 3_000].join(", ");
    let aliases = vec!["*big"; 3_000].join(", ");
    let quadratic = format!("{head}big: &big [{items}]\nmany: [{aliases}]\n");
    for text in [format!("{head}{}", laughs(9)), quadratic] {
        assert!(text.len() < SMALL_FILE_LIMIT as usize);
        let err = fails(&replace(base(U), "/metadata.yaml", file(&text)));
        assert!(
            matches!(&err, ArchiveError::BadMetadataYaml { detail, .. }
                if detail.contains("too many nodes") || detail.contains("repetition limit")),
            "{err}"
        );
    }
}

#[test]
fn deeply_nested_metadata_yaml_is_refused() {
    let head = format!("uuid: {U}\ntype: T\nformat: F\n");
    let deep = format!("{head}x: {}{}\n", "[".repeat(500_000), "]".repeat(500_000));
    let err = fails(&replace(base(U), "/metadata.yaml", file(&deep)));
    assert!(
        matches!(&err, ArchiveError::BadMetadataYaml { detail, .. } if detail.contains("more than 256 nested")),
        "{err}"
    );
}

#[test]
fn action_yaml_alias_bomb_is_refused() {
    let err = crate::provenance::parse_action_yaml(&laughs(9), "action.yaml").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("action.yaml"), "{text}");
    assert!(
        text.contains("too many nodes") || text.contains("repetition limit"),
        "{text}"
    );
}

#[test]
fn a_small_zip_declaring_more_than_its_ratio_allows_is_refused_by_default() {
    // 4 GiB declared by a zip of a few kilobytes: far past 100 times its size (and the 1 GiB
    // that any archive may hold), though under the 64 GiB cap.
    let name = format!("{U}/data/zeros.bin");
    let mut bytes = bomb(1 << 20, 0);
    patch_declared_size(&mut bytes, &name, u32::MAX);
    let err = open_fails(&bytes, &ReadLimits::default());
    assert!(
        matches!(err, ArchiveError::TooLarge { limit, .. } if limit == crate::archive::RATIO_FLOOR),
        "{err}"
    );
    assert!(
        err.to_string().contains("QIIME2_ARCHIVE_MAX_RATIO"),
        "{err}"
    );
}
