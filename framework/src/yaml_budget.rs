//! Reading YAML from archives with a bound on alias expansion.
//!
//! YAML aliases (`*a`) repeat the node their anchor (`&a`) names, so a small document can
//! stand for an enormous one ("billion laughs"). `serde_norway` stops exponential nesting
//! but not a quadratic one (one big anchored list repeated by many aliases), which builds
//! gigabytes from a file of a megabyte. [`from_str`] first walks the document counting every
//! node it expands to, and refuses it past a budget that no alias-free document reaches.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// Nodes a document may expand to beyond one per byte of its text.
const EXTRA_NODES: usize = 100_000;

/// Most unclosed `[` and `{` at any point of the text. The YAML scanner spends time in
/// proportion to the flow nesting on every token, so `[[[[...` of a megabyte would take
/// hours; `serde_norway` refuses nesting past 128 levels anyway, after scanning.
const MAX_FLOW_DEPTH: usize = 256;

/// Parses `text` as `T` after checking that its flow nesting stays under 256 levels and its
/// aliases expand to at most `text.len() + 100,000` nodes (an alias-free document has fewer
/// nodes than bytes).
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_norway::Error> {
    check_flow_depth(text)?;
    check_expansion(text, text.len() + EXTRA_NODES)?;
    serde_norway::from_str(text)
}

/// Fails when more than [`MAX_FLOW_DEPTH`] brackets or braces are open at once (counting
/// those inside strings too: no real document comes near).
fn check_flow_depth(text: &str) -> Result<(), serde_norway::Error> {
    let mut depth = 0usize;
    for byte in text.bytes() {
        match byte {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => continue,
        }
        if depth > MAX_FLOW_DEPTH {
            return Err(de::Error::custom(format!(
                "more than {MAX_FLOW_DEPTH} nested '[' or '{{' (flow collections)"
            )));
        }
    }
    Ok(())
}

/// Walks `text` and fails once more than `budget` nodes have been seen.
fn check_expansion(text: &str, budget: usize) -> Result<(), serde_norway::Error> {
    let left = Cell::new(budget);
    Counted { left: &left }.deserialize(serde_norway::Deserializer::from_str(text))
}

/// A seed that visits one node and everything under it, spending the shared budget.
#[derive(Clone, Copy)]
struct Counted<'a> {
    left: &'a Cell<usize>,
}

impl Counted<'_> {
    fn spend<E: de::Error>(self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "the document expands to too many nodes (YAML aliases repeating large \
                 anchors); refused to protect memory",
            )),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Counted<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counted<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend()
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.spend()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend()
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.spend()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.spend()
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<(), E> {
        self.spend()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend()
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.spend()?;
        self.deserialize(deserializer)
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.spend()?;
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        self.spend()?;
        let (IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `levels` levels of ten aliases each: 10^levels leaves from a few hundred bytes.
    fn laughs(levels: usize) -> String {
        let mut text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n".to_owned();
        for i in 1..=levels {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        text
    }

    /// One anchored list of `n` items repeated by `n` aliases: n^2 nodes from ~5n bytes.
    fn quadratic(n: usize) -> String {
        let items = vec!["x"; n].join(", ");
        let aliases = vec!["*big"; n].join(", ");
        format!("big: &big [{items}]\nmany: [{aliases}]\n")
    }

    fn value(text: &str) -> Result<serde_norway::Value, serde_norway::Error> {
        from_str(text)
    }

    #[test]
    fn ordinary_documents_and_small_aliases_pass() {
        let v = value("a: &x [1, 2]\nb: *x\nc: !ref 'd'\n").unwrap();
        assert_eq!(v["b"], v["a"]);
        assert!(value("k: v\n").is_ok());
        assert!(value("").is_ok());
    }

    #[test]
    fn billion_laughs_is_refused() {
        let err = value(&laughs(9)).unwrap_err().to_string();
        assert!(
            err.contains("too many nodes") || err.contains("repetition limit"),
            "{err}"
        );
    }

    #[test]
    fn quadratic_expansion_is_refused() {
        let text = quadratic(2_000);
        assert!(text.len() < 20_000);
        let err = value(&text).unwrap_err().to_string();
        assert!(err.contains("too many nodes"), "{err}");
        assert!(value(&quadratic(100)).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = value(&deep).unwrap_err().to_string();
        assert!(err.contains("more than 256 nested '[' or '{'"), "{err}");
        let err = value(&format!("{}{}", "{a: ".repeat(200), "}".repeat(200)))
            .unwrap_err()
            .to_string();
        assert!(err.contains("recursion limit"), "{err}");
        assert!(value("t: FeatureData[Sequence]\nu: '[[[['\n").is_ok());
        let deep_map = (0..5_000).fold(String::new(), |mut s, i| {
            s.push_str(&" ".repeat(i));
            s.push_str("k:\n");
            s
        });
        assert!(value(&deep_map).is_err());
    }
}
