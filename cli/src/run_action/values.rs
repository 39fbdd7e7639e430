//! Parameter values read from the command line and checked against their types.

use clap::ArgMatches;
use qiime2::plugin::ParamValue;
use qiime2::sdk::Arg;
use qiime2::types::{CollectionKind, TypeExpr};

use super::error::RunError;
use crate::commands::{ParamOption, ParamShape};

/// The value given for a primitive parameter (`None` when left out), decoded and checked.
/// Metadata parameters are read elsewhere.
pub fn param_value(param: &ParamOption, matches: &ArgMatches) -> Result<Option<Arg>, RunError> {
    let flag = param.flag();
    let value = match &param.shape {
        ParamShape::Value(ty) => matches
            .get_one::<String>(&flag)
            .map(|text| decode(&flag, ty, text))
            .transpose()?,
        ParamShape::Flag => {
            let no = param.second_flag().unwrap_or_default();
            if matches.get_flag(&flag) {
                Some(ParamValue::Bool(true))
            } else if matches.get_flag(&no) {
                Some(ParamValue::Bool(false))
            } else {
                None
            }
        }
        ParamShape::Values { kind, element } => matches
            .get_many::<String>(&flag)
            .map(|texts| {
                let mut values = Vec::new();
                for text in texts {
                    let value = decode(&flag, element, text)?;
                    if *kind == CollectionKind::List || !values.contains(&value) {
                        values.push(value);
                    }
                }
                Ok::<_, RunError>(match kind {
                    CollectionKind::Set => ParamValue::Set(values),
                    _ => ParamValue::List(values),
                })
            })
            .transpose()?,
        ParamShape::Metadata | ParamShape::Column(_) => return Ok(None),
    };
    match value {
        Some(value) => Ok(Some(Arg::Value(value))),
        None if param.is_required() => Err(RunError::Missing {
            option: match param.second_flag() {
                Some(no) if param.shape == ParamShape::Flag => format!("{flag}/--{no}"),
                _ => flag,
            },
        }),
        None => Ok(None),
    }
}

/// Reads `text` as a value of `ty`, or says which option got what.
pub fn decode(option: &str, ty: &TypeExpr, text: &str) -> Result<ParamValue, RunError> {
    ty.decode_value(text)
        .map(ParamValue::from)
        .map_err(|problem| RunError::BadValue {
            option: option.to_owned(),
            problem: Box::new(problem),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use qiime2::types::ValueError;

    fn t(s: &str) -> TypeExpr {
        TypeExpr::parse(s).unwrap()
    }

    #[test]
    fn values_decode_to_their_kind() {
        assert_eq!(decode("p-n", &t("Int"), "-3").unwrap(), ParamValue::Int(-3));
        assert_eq!(
            decode("p-x", &t("Float"), "2").unwrap(),
            ParamValue::Float(2.0)
        );
        assert_eq!(
            decode("p-s", &t("Str % Choices('a', 'b')"), "b").unwrap(),
            ParamValue::Str("b".into())
        );
    }

    #[test]
    fn bad_values_name_the_option_the_value_and_the_type() {
        let err = decode("p-split-size", &t("Int % Range(1, None)"), "0").unwrap_err();
        assert!(matches!(
            &err,
            RunError::BadValue { problem, .. } if matches!(**problem, ValueError::Unsatisfied { .. })
        ));
        assert_eq!(err.to_string(), "--p-split-size 0 is not in Range(1, None)");
        let err = decode("p-n", &t("Int"), "five").unwrap_err();
        assert_eq!(err.to_string(), "--p-n 'five' cannot be read as Int");
        let err = decode("p-fruit", &t("Str % Choices('apple')"), "pear").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--p-fruit 'pear' is not in Choices('apple')"
        );
    }
}
