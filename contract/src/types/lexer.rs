//! Splits a type expression into tokens, each with its 1-based character column.

use super::error::TypeParseError;
use super::number::Number;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Num(Number),
    Str(String),
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Pipe,
    Percent,
    Equals,
    End,
}

impl Tok {
    /// How the token reads in an error message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("'{s}'"),
            Tok::Num(n) => format!("'{n}'"),
            Tok::Str(_) => "a string".to_owned(),
            Tok::LBracket => "'['".to_owned(),
            Tok::RBracket => "']'".to_owned(),
            Tok::LParen => "'('".to_owned(),
            Tok::RParen => "')'".to_owned(),
            Tok::Comma => "','".to_owned(),
            Tok::Pipe => "'|'".to_owned(),
            Tok::Percent => "'%'".to_owned(),
            Tok::Equals => "'='".to_owned(),
            Tok::End => "the end".to_owned(),
        }
    }
}

/// A token and the 1-based character column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) column: usize,
}

/// Tokenises `src`; the last token is always [`Tok::End`] one column past the text.
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, TypeParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let single = match c {
            '[' => Some(Tok::LBracket),
            ']' => Some(Tok::RBracket),
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            ',' => Some(Tok::Comma),
            '|' => Some(Tok::Pipe),
            '%' => Some(Tok::Percent),
            '=' => Some(Tok::Equals),
            _ => None,
        };
        if let Some(tok) = single {
            tokens.push(Token { tok, column });
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(Token {
                tok: Tok::Ident(word),
                column,
            });
        } else if c == '\'' || c == '"' {
            let (text, next) = lex_string(src, &chars, i)?;
            tokens.push(Token {
                tok: Tok::Str(text),
                column,
            });
            i = next;
        } else if starts_number(&chars, i) {
            let (n, next) = lex_number(src, &chars, i)?;
            tokens.push(Token {
                tok: Tok::Num(n),
                column,
            });
            i = next;
        } else {
            return Err(TypeParseError::new(
                src,
                column,
                format!("a type name, a bracket, ',', '|' or '%', found '{c}'"),
            ));
        }
    }
    tokens.push(Token {
        tok: Tok::End,
        column: chars.len() + 1,
    });
    Ok(tokens)
}

fn starts_number(chars: &[char], i: usize) -> bool {
    let digit_at = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);
    let dot_digit_at = |j: usize| chars.get(j) == Some(&'.') && digit_at(j + 1);
    match chars[i] {
        '-' | '+' => digit_at(i + 1) || dot_digit_at(i + 1),
        _ => digit_at(i) || dot_digit_at(i),
    }
}

/// Reads `[+-]digits[.digits][e[+-]digits]`; a `.` or exponent makes it a float.
fn lex_number(src: &str, chars: &[char], start: usize) -> Result<(Number, usize), TypeParseError> {
    let mut i = start;
    if matches!(chars[i], '-' | '+') {
        i += 1;
    }
    let mut is_float = false;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        is_float = true;
        i += 1;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < chars.len() && matches!(chars[i], 'e' | 'E') {
        let mut j = i + 1;
        if j < chars.len() && matches!(chars[j], '-' | '+') {
            j += 1;
        }
        if j < chars.len() && chars[j].is_ascii_digit() {
            is_float = true;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        } else {
            return Err(TypeParseError::new(src, j + 1, "digits of the exponent"));
        }
    }
    let text: String = chars[start..i].iter().collect();
    let number = if is_float {
        text.parse::<f64>().map(Number::Float).ok()
    } else {
        text.parse::<i64>().map(Number::Int).ok()
    };
    number
        .map(|n| (n, i))
        .ok_or_else(|| TypeParseError::new(src, start + 1, "a number that fits in 64 bits"))
}

/// Reads a Python-style quoted string starting at the quote; returns the text and the index
/// after the closing quote. Supports `\\`, `\'`, `\"`, `\n`, `\t`, `\r` and the `\xNN`,
/// `\uNNNN`, `\UNNNNNNNN` escapes Python's `repr` writes; other backslashes stay.
fn lex_string(src: &str, chars: &[char], start: usize) -> Result<(String, usize), TypeParseError> {
    let quote = chars[start];
    let mut text = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            c if c == quote => return Ok((text, i + 1)),
            '\\' if i + 1 < chars.len() => {
                match chars[i + 1] {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'r' => text.push('\r'),
                    c @ ('\\' | '\'' | '"') => text.push(c),
                    c @ ('x' | 'u' | 'U') => {
                        let digits = match c {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        if let Some(decoded) = hex_escape(chars, i + 2, digits) {
                            text.push(decoded);
                            i += 2 + digits;
                            continue;
                        }
                        text.push('\\');
                        text.push(c);
                    }
                    c => {
                        text.push('\\');
                        text.push(c);
                    }
                }
                i += 2;
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    Err(TypeParseError::new(
        src,
        start + 1,
        format!("a closing {quote} for this string"),
    ))
}

/// The character written as `digits` hex digits at `chars[at..]`, if they are all there and
/// name a character.
fn hex_escape(chars: &[char], at: usize, digits: usize) -> Option<char> {
    let hex: String = chars.get(at..at + digits)?.iter().collect();
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::TypeExpr;

    fn toks(src: &str) -> Vec<(Tok, usize)> {
        lex(src)
            .unwrap()
            .into_iter()
            .map(|t| (t.tok, t.column))
            .collect()
    }

    #[test]
    fn tokens_carry_columns() {
        assert_eq!(
            toks("Int % Range(-1, 2.5e3)"),
            vec![
                (Tok::Ident("Int".into()), 1),
                (Tok::Percent, 5),
                (Tok::Ident("Range".into()), 7),
                (Tok::LParen, 12),
                (Tok::Num(Number::Int(-1)), 13),
                (Tok::Comma, 15),
                (Tok::Num(Number::Float(2500.0)), 17),
                (Tok::RParen, 22),
                (Tok::End, 23),
            ]
        );
    }

    #[test]
    fn numbers_and_strings() {
        assert_eq!(toks(".5")[0].0, Tok::Num(Number::Float(0.5)));
        assert_eq!(toks("+3")[0].0, Tok::Num(Number::Int(3)));
        assert_eq!(toks("-0.0")[0].0, Tok::Num(Number::Float(-0.0)));
        assert_eq!(toks("1E2")[0].0, Tok::Num(Number::Float(100.0)));
        assert_eq!(toks("'a b'")[0].0, Tok::Str("a b".into()));
        assert_eq!(toks("\"it's\"")[0].0, Tok::Str("it's".into()));
        assert_eq!(toks(r"'it\'s \\ \d'")[0].0, Tok::Str(r"it's \ \d".into()));
        assert_eq!(toks("[]|,=")[4], (Tok::Equals, 5));
    }

    #[test]
    fn python_hex_escapes_decode() {
        assert_eq!(toks(r"'\x07\x00'")[0].0, Tok::Str("\u{7}\0".into()));
        assert_eq!(
            toks(r"'\u00e9\U0001F600'")[0].0,
            Tok::Str("\u{e9}\u{1F600}".into())
        );
        assert_eq!(toks(r"'\xZ1 \x7'")[0].0, Tok::Str(r"\xZ1 \x7".into()));
        assert_eq!(toks(r"'\UFFFFFFFF'")[0].0, Tok::Str(r"\UFFFFFFFF".into()));
    }

    /// Found by the `type_expr` fuzz target: control characters print as `\xNN` escapes,
    /// which must read back as the same characters.
    #[test]
    fn fuzz_regression_control_characters_round_trip() {
        let text = "SampleData[Seq % Properties('x\u{7}\0\0\0\0\0\0\0', 'y')]";
        let expr = TypeExpr::parse(text).unwrap();
        let printed = expr.to_string();
        assert_eq!(
            printed,
            r"SampleData[Seq % Properties('x\x07\x00\x00\x00\x00\x00\x00\x00', 'y')]"
        );
        assert_eq!(TypeExpr::parse(&printed).unwrap(), expr);
    }

    #[test]
    fn lexing_errors() {
        let err = |s: &str| lex(s).unwrap_err();
        assert_eq!(err("Str % Choices('a)").column, 15);
        assert_eq!(
            err("Str % Choices('a)").expected,
            "a closing ' for this string"
        );
        assert_eq!(err("Int $").column, 5);
        assert_eq!(err("Range(1e)").column, 9);
        assert_eq!(err("Range(1e)").expected, "digits of the exponent");
        assert_eq!(err("Range(99999999999999999999)").column, 7);
        assert_eq!(
            err("Range(99999999999999999999)").expected,
            "a number that fits in 64 bits"
        );
        assert_eq!(err("A[é]").column, 3);
    }
}
