//! The argument lists of the predicates: `Range(...)`, `Choices(...)`, `Properties(...)`.

use super::Parser;
use crate::types::error::TypeParseError;
use crate::types::kind::PrimitiveKind;
use crate::types::lexer::Tok;
use crate::types::number::Number;
use crate::types::predicate::Range;
use crate::types::value::PrimitiveValue;

impl Parser<'_> {
    /// After `Range(`: up to two bounds (`Range(end)` leaves the start open), then
    /// `inclusive_start=`/`inclusive_end=` keywords. `Int` bounds must be integers.
    pub(super) fn range_args(
        &mut self,
        kind: PrimitiveKind,
        range_column: usize,
    ) -> Result<Range, TypeParseError> {
        let mut bounds: Vec<Option<Number>> = Vec::new();
        let mut inclusive_start = None;
        let mut inclusive_end = None;
        loop {
            let token = self.peek().clone();
            match (&token.tok, self.peek_at(1)) {
                (Tok::RParen, _) => break,
                (Tok::Ident(kw), Tok::Equals) => {
                    let slot = match kw.as_str() {
                        "inclusive_start" => &mut inclusive_start,
                        "inclusive_end" => &mut inclusive_end,
                        _ => {
                            return Err(self.error_here("inclusive_start or inclusive_end"));
                        }
                    };
                    if slot.is_some() {
                        return Err(self.error_here(format!("{kw} only once")));
                    }
                    self.bump();
                    self.bump();
                    let value = match &self.peek().tok {
                        Tok::Ident(b) if b == "True" => true,
                        Tok::Ident(b) if b == "False" => false,
                        _ => return Err(self.error_here(format!("True or False for {kw}"))),
                    };
                    *slot = Some(value);
                    self.bump();
                }
                _ if inclusive_start.is_some() || inclusive_end.is_some() => {
                    return Err(self.error_here("inclusive_start=, inclusive_end= or ')'"));
                }
                _ if bounds.len() == 2 => {
                    return Err(self.error_here("')' (Range takes at most two bounds)"));
                }
                (Tok::Num(Number::Float(_)), _) if kind == PrimitiveKind::Int => {
                    return Err(self.error_here("an integer or None as a bound of an Int Range"));
                }
                (Tok::Num(n), _) => {
                    bounds.push(Some(*n));
                    self.bump();
                }
                (Tok::Ident(n), _) if n == "None" => {
                    bounds.push(None);
                    self.bump();
                }
                _ => return Err(self.error_here("a number or None as a Range bound")),
            }
            match self.peek().tok {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RParen => {}
                _ => return Err(self.error_here("',' or ')'")),
            }
        }
        self.bump();
        let (start, end) = match *bounds.as_slice() {
            [start, end] => (start, end),
            [end] => (None, end),
            _ => (None, None),
        };
        if let (Some(s), Some(e)) = (start, end)
            && s.compare(e).is_some_and(|o| o.is_gt())
        {
            return Err(self.error_at(
                range_column,
                format!("a Range whose start ({s}) is not above its end ({e})"),
            ));
        }
        Ok(Range {
            start,
            end,
            inclusive_start: inclusive_start.unwrap_or(true),
            inclusive_end: inclusive_end.unwrap_or(false),
        })
    }

    /// After `Choices(`: distinct values of the primitive's kind, optionally wrapped in `[...]`.
    /// `Bool % Choices(True, False)` is refused, as in QIIME 2: it restricts nothing.
    pub(super) fn choices_args(
        &mut self,
        kind: PrimitiveKind,
        choices_column: usize,
    ) -> Result<Vec<PrimitiveValue>, TypeParseError> {
        let bracketed = self.peek().tok == Tok::LBracket;
        if bracketed {
            self.bump();
        }
        let close = if bracketed {
            Tok::RBracket
        } else {
            Tok::RParen
        };
        let mut values: Vec<PrimitiveValue> = Vec::new();
        loop {
            if self.peek().tok == close && !values.is_empty() {
                break;
            }
            let value = match (&self.peek().tok, kind) {
                (Tok::Str(s), PrimitiveKind::Str) => PrimitiveValue::Str(s.clone()),
                (Tok::Num(Number::Int(i)), PrimitiveKind::Int | PrimitiveKind::Float) => {
                    PrimitiveValue::Int(*i)
                }
                (Tok::Num(Number::Float(f)), PrimitiveKind::Float) => PrimitiveValue::Float(*f),
                (Tok::Ident(b), PrimitiveKind::Bool) if b == "True" || b == "False" => {
                    PrimitiveValue::Bool(b == "True")
                }
                _ => {
                    let what = match kind {
                        PrimitiveKind::Str => "a quoted string",
                        PrimitiveKind::Int => "an integer",
                        PrimitiveKind::Float => "a number",
                        PrimitiveKind::Bool => "True or False",
                    };
                    return Err(self.error_here(format!("{what} as a choice for {}", kind.name())));
                }
            };
            if values.iter().any(|v| v.same_choice(&value)) {
                return Err(
                    self.error_here(format!("choices without duplicates ({value} repeats)"))
                );
            }
            values.push(value);
            self.bump();
            match self.peek().tok {
                Tok::Comma => {
                    self.bump();
                }
                ref t if *t == close => {}
                _ => return Err(self.error_here(format!("',' or {}", close.describe()))),
            }
        }
        self.bump();
        if bracketed {
            self.expect(Tok::RParen, "')'")?;
        }
        if kind == PrimitiveKind::Bool && values.len() == 2 {
            return Err(self.error_at(
                choices_column,
                "a narrower Bool predicate (omit Choices(True, False): it allows everything)",
            ));
        }
        Ok(values)
    }

    /// After `Properties(`: one or more quoted strings.
    pub(super) fn properties_args(&mut self) -> Result<Vec<String>, TypeParseError> {
        let mut names = Vec::new();
        loop {
            if self.peek().tok == Tok::RParen && !names.is_empty() {
                break;
            }
            match &self.peek().tok {
                Tok::Str(s) => names.push(s.clone()),
                _ => return Err(self.error_here("a quoted property name")),
            }
            self.bump();
            match self.peek().tok {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RParen => {}
                _ => return Err(self.error_here("',' or ')'")),
            }
        }
        self.bump();
        Ok(names)
    }
}
