//! Serde support: a type expression travels as its canonical string.

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::expr::TypeExpr;

impl Serialize for TypeExpr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TypeExpr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_canonical_string() {
        let t: TypeExpr = "Float%Range(None,0,inclusive_end=True)".parse().unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"Float % Range(None, 0, inclusive_end=True)\"");
        assert_eq!(serde_json::from_str::<TypeExpr>(&json).unwrap(), t);

        let yaml = serde_norway::to_string(&vec![t.clone()]).unwrap();
        assert_eq!(
            serde_norway::from_str::<Vec<TypeExpr>>(&yaml).unwrap(),
            vec![t]
        );
    }

    #[test]
    fn bad_strings_fail_with_the_parse_message() {
        let err = serde_json::from_str::<TypeExpr>("\"FeatureData[Sequence\"").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid type expression at column 21: expected ']'"),
            "{err}"
        );
        assert!(serde_json::from_str::<TypeExpr>("5").is_err());
    }
}
