//! Recursive-descent parser for type expressions.
//!
//! Grammar (whitespace is free):
//! ```text
//! union     := term ('|' term)*
//! term      := atom ('%' predicate)?
//! atom      := Name ('[' union (',' union)* ']')?
//! predicate := Range '(' bound [',' bound] (',' kw '=' Bool)* ')'
//!            | Choices '(' value (',' value)* ')'  |  Choices '(' '[' values ']' ')'
//!            | Properties '(' string (',' string)* ')'
//! ```

use std::str::FromStr;

use super::error::TypeParseError;
use super::expr::{CollectionKind, ColumnKind, PrimitiveKind, TypeExpr};
use super::lexer::{Tok, Token, lex};
use super::number::Number;
use super::predicate::{Predicate, Range};
use super::value::PrimitiveValue;

impl FromStr for TypeExpr {
    type Err = TypeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TypeExpr::parse(s)
    }
}

impl TypeExpr {
    /// Parses a type expression; the same as `s.parse::<TypeExpr>()`.
    ///
    /// # Examples
    /// ```
    /// use qiime2::types::TypeExpr;
    /// let t = TypeExpr::parse("Float % Range(None,0,inclusive_end=True)").unwrap();
    /// assert_eq!(t.to_string(), "Float % Range(None, 0, inclusive_end=True)");
    /// let err = TypeExpr::parse("FeatureData[Sequence").unwrap_err();
    /// assert_eq!((err.column, err.expected.as_str()), (21, "']'"));
    /// ```
    pub fn parse(s: &str) -> Result<TypeExpr, TypeParseError> {
        let mut p = Parser {
            src: s,
            tokens: lex(s)?,
            pos: 0,
        };
        if p.peek().tok == Tok::End {
            return Err(p.error_here("a type expression"));
        }
        let expr = p.union()?;
        if p.peek().tok != Tok::End {
            return Err(p.error_here("'|' or the end of the expression"));
        }
        Ok(expr)
    }
}

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        let i = (self.pos + ahead).min(self.tokens.len() - 1);
        &self.tokens[i].tok
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if t.tok != Tok::End {
            self.pos += 1;
        }
        t
    }

    fn error_at(&self, column: usize, expected: impl Into<String>) -> TypeParseError {
        TypeParseError::new(self.src, column, expected)
    }

    fn error_here(&self, expected: impl Into<String>) -> TypeParseError {
        self.error_at(self.peek().column, expected)
    }

    fn expect(&mut self, tok: Tok, expected: &str) -> Result<Token, TypeParseError> {
        if self.peek().tok == tok {
            Ok(self.bump())
        } else {
            Err(self.error_here(expected))
        }
    }

    fn union(&mut self) -> Result<TypeExpr, TypeParseError> {
        let mut members = vec![self.term()?];
        while self.peek().tok == Tok::Pipe {
            self.bump();
            members.push(self.term()?);
        }
        Ok(TypeExpr::union(members))
    }

    fn term(&mut self) -> Result<TypeExpr, TypeParseError> {
        let mut atom = self.atom()?;
        if self.peek().tok != Tok::Percent {
            return Ok(atom);
        }
        let percent = self.bump();
        let allowed: &[&str] = match &atom {
            TypeExpr::Primitive {
                kind: PrimitiveKind::Int | PrimitiveKind::Float,
                ..
            } => &["Range", "Choices"],
            TypeExpr::Primitive { .. } => &["Choices"],
            TypeExpr::Semantic { .. } => &["Properties"],
            other => {
                let name = other.name().unwrap_or("this type");
                return Err(self.error_at(
                    percent.column,
                    format!("no predicate after {name} (it cannot take one)"),
                ));
            }
        };
        let name_tok = self.bump();
        let name = match &name_tok.tok {
            Tok::Ident(n) if allowed.contains(&n.as_str()) => n.clone(),
            Tok::Ident(n) if ["Range", "Choices", "Properties"].contains(&n.as_str()) => {
                return Err(self.error_at(
                    name_tok.column,
                    format!("{} (not {n}) as a predicate here", allowed.join(" or ")),
                ));
            }
            _ => {
                return Err(self.error_at(
                    name_tok.column,
                    format!("a predicate: {}", allowed.join(" or ")),
                ));
            }
        };
        self.expect(Tok::LParen, &format!("'(' after {name}"))?;
        let predicate = match name.as_str() {
            "Range" => Predicate::Range(self.range_args(name_tok.column)?),
            "Choices" => match &atom {
                TypeExpr::Primitive { kind, .. } => Predicate::Choices(self.choices_args(*kind)?),
                _ => unreachable!("Choices is only allowed on primitives"),
            },
            _ => Predicate::Properties(self.properties_args()?),
        };
        match &mut atom {
            TypeExpr::Primitive { predicate: slot, .. } | TypeExpr::Semantic { predicate: slot, .. } => {
                *slot = Some(predicate);
            }
            _ => unreachable!("only primitives and semantic types reach here"),
        }
        Ok(atom)
    }

    fn atom(&mut self) -> Result<TypeExpr, TypeParseError> {
        let token = self.peek().clone();
        let name = match &token.tok {
            Tok::Ident(n) if n.starts_with(|c: char| c.is_ascii_uppercase()) => n.clone(),
            _ => return Err(self.error_here("a type name (starting with a capital letter)")),
        };
        self.bump();
        let leaf = |t: TypeExpr| (t, true);
        let (expr, no_fields) = match name.as_str() {
            "Int" => leaf(TypeExpr::primitive(PrimitiveKind::Int)),
            "Float" => leaf(TypeExpr::primitive(PrimitiveKind::Float)),
            "Str" => leaf(TypeExpr::primitive(PrimitiveKind::Str)),
            "Bool" => leaf(TypeExpr::primitive(PrimitiveKind::Bool)),
            "Metadata" => leaf(TypeExpr::Metadata),
            "Visualization" => leaf(TypeExpr::Visualization),
            "MetadataColumn" => (self.metadata_column()?, false),
            "List" | "Set" | "Collection" => (self.collection(&name)?, false),
            _ => (self.semantic(name.clone())?, false),
        };
        if no_fields && self.peek().tok == Tok::LBracket {
            return Err(self.error_here(format!("no fields after {name} (it takes none)")));
        }
        Ok(expr)
    }

    fn semantic(&mut self, name: String) -> Result<TypeExpr, TypeParseError> {
        let mut fields = Vec::new();
        if self.peek().tok == Tok::LBracket {
            self.bump();
            loop {
                fields.push(self.union()?);
                if self.peek().tok == Tok::Comma {
                    self.bump();
                } else {
                    self.expect(Tok::RBracket, "']'")?;
                    break;
                }
            }
        }
        Ok(TypeExpr::semantic(name, fields))
    }

    fn collection(&mut self, name: &str) -> Result<TypeExpr, TypeParseError> {
        let kind = match name {
            "List" => CollectionKind::List,
            "Set" => CollectionKind::Set,
            _ => CollectionKind::Collection,
        };
        self.expect(Tok::LBracket, &format!("'[' after {name} (it needs an element type)"))?;
        let element = self.union()?;
        self.expect(Tok::RBracket, &format!("']' ({name} takes exactly one field)"))?;
        Ok(TypeExpr::Collection {
            kind,
            element: Box::new(element),
        })
    }

    fn metadata_column(&mut self) -> Result<TypeExpr, TypeParseError> {
        self.expect(Tok::LBracket, "'[' after MetadataColumn")?;
        let mut kinds = Vec::new();
        loop {
            let kind = match &self.peek().tok {
                Tok::Ident(n) if n == "Categorical" => ColumnKind::Categorical,
                Tok::Ident(n) if n == "Numeric" => ColumnKind::Numeric,
                _ => return Err(self.error_here("Categorical or Numeric")),
            };
            self.bump();
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
            if self.peek().tok == Tok::Pipe {
                self.bump();
            } else {
                break;
            }
        }
        self.expect(Tok::RBracket, "']'")?;
        Ok(TypeExpr::MetadataColumn(kinds))
    }

    /// After `Range(`: one or two bounds, then `inclusive_start=`/`inclusive_end=` keywords.
    fn range_args(&mut self, range_column: usize) -> Result<Range, TypeParseError> {
        let mut bounds: Vec<Option<Number>> = Vec::new();
        let mut inclusive_start = None;
        let mut inclusive_end = None;
        loop {
            let token = self.peek().clone();
            match (&token.tok, self.peek_at(1)) {
                (Tok::RParen, _) if !bounds.is_empty() => break,
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
        let (start, end) = match bounds.as_slice() {
            [end] => (None, *end),
            [start, end] => (*start, *end),
            _ => unreachable!("one or two bounds were read"),
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

    /// After `Choices(`: values of the primitive's kind, optionally wrapped in `[...]`.
    fn choices_args(&mut self, kind: PrimitiveKind) -> Result<Vec<PrimitiveValue>, TypeParseError> {
        let bracketed = self.peek().tok == Tok::LBracket;
        if bracketed {
            self.bump();
        }
        let close = if bracketed { Tok::RBracket } else { Tok::RParen };
        let mut values = Vec::new();
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
        Ok(values)
    }

    /// After `Properties(`: one or more quoted strings.
    fn properties_args(&mut self) -> Result<Vec<String>, TypeParseError> {
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
