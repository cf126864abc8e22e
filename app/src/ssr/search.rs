//! Case-insensitive "every word matches some field" filters, portable across backends
//! (`LOWER(col) LIKE '%word%'`: SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, SimpleExpr};
use sea_orm::ColumnTrait;

/// The words of a search box, lower-cased, at most 8 of at most 50 characters each.
pub fn words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| w.to_lowercase().chars().take(50).collect::<String>())
        .filter(|w| !w.is_empty())
        .take(8)
        .collect()
}

/// `LIKE` pattern for `word`, with the wildcards in it escaped.
pub fn contains_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn lower_like(col: impl ColumnTrait, word: &str) -> SimpleExpr {
    Expr::expr(Func::lower(Expr::col(col)))
        .like(sea_orm::sea_query::LikeExpr::new(contains_pattern(word)).escape('\\'))
}

/// Every word must appear in at least one of `cols`.
pub fn all_words_in<C: ColumnTrait + Copy>(query: &str, cols: &[C]) -> Condition {
    let mut all = Condition::all();
    for word in words(query) {
        let mut any = Condition::any();
        for col in cols {
            any = any.add(lower_like(*col, &word));
        }
        all = all.add(any);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_escapes() {
        assert_eq!(words("  Acme   Ltd "), vec!["acme", "ltd"]);
        assert_eq!(contains_pattern("50%_off"), "%50\\%\\_off%");
        assert!(words("").is_empty());
    }
}
