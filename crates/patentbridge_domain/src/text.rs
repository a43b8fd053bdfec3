//! Text in the platform's two languages. Every message a person reads — a
//! label, a field error, a refusal, a contract clause — is a [`Text`] with
//! its Chinese and its English written side by side, and the reader's
//! [`Lang`] picks one when it is shown. Nothing glues the two into one
//! string.

use std::borrow::Cow;
use std::fmt;

/// An interface language. Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh`, `zh-CN` or `en`; anything else is no language.
    pub fn parse(raw: &str) -> Option<Lang> {
        match raw.trim() {
            "zh" | "zh-CN" | "zh-cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The code used in URLs and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The value of `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }
}

/// A text in Chinese and English.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Text {
    zh: Cow<'static, str>,
    en: Cow<'static, str>,
}

impl Text {
    /// A fixed text.
    pub const fn new(zh: &'static str, en: &'static str) -> Text {
        Text {
            zh: Cow::Borrowed(zh),
            en: Cow::Borrowed(en),
        }
    }

    /// A text made at run time (see the [`text!`](crate::text!) macro).
    pub fn owned(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same words in both languages: a name, a number, a code.
    pub fn same(both: impl Into<String>) -> Text {
        let both = both.into();
        Text::owned(both.clone(), both)
    }

    pub fn zh(&self) -> &str {
        &self.zh
    }

    pub fn en(&self) -> &str {
        &self.en
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The text in `lang`, taken out of the value without copying a fixed text.
    pub fn into_lang(self, lang: Lang) -> Cow<'static, str> {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// Both texts changed the same way, e.g. a prefix added.
    pub fn map(&self, f: impl Fn(Lang, &str) -> String) -> Text {
        Text::owned(f(Lang::Zh, &self.zh), f(Lang::En, &self.en))
    }

    /// This text followed by `other`, with the language's separator
    /// (Chinese runs on; English takes a space).
    pub fn then(&self, other: &Text) -> Text {
        Text::owned(
            format!("{}{}", self.zh, other.zh),
            format!("{} {}", self.en, other.en),
        )
    }
}

/// Logs and debugging output show both languages.
impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Text({:?} / {:?})", self.zh, self.en)
    }
}

/// A [`Text`] from two format strings, with captured values:
/// `text!("未知的操作“{x}”", "unknown event {x:?}")`. A fixed text without
/// values is [`Text::new`], which needs no allocation.
#[macro_export]
macro_rules! text {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::Text::owned(::std::format!($zh), ::std::format!($en))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_read_in_the_language_asked_for() {
        let t = Text::new("检索", "Search");
        assert_eq!(t.get(Lang::Zh), "检索");
        assert_eq!(t.get(Lang::En), "Search");
        assert_eq!(t.into_lang(Lang::En), "Search");
    }

    #[test]
    fn the_macro_formats_both_languages_with_captured_values() {
        let n = 3;
        let t = text!("共 {n} 件", "{n} patents");
        assert_eq!(t.zh(), "共 3 件");
        assert_eq!(t.en(), "3 patents");
    }

    #[test]
    fn joined_texts_keep_each_language_apart() {
        let t = Text::new("已保存。", "Saved.").then(&Text::new("请提交。", "Submit it."));
        assert_eq!(t.zh(), "已保存。请提交。");
        assert_eq!(t.en(), "Saved. Submit it.");
    }

    #[test]
    fn languages_parse_from_their_codes_and_chinese_is_the_default() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::default(), Lang::Zh);
    }
}
