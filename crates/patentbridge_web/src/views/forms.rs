//! Pieces every form page uses: the hidden CSRF field, a labelled input
//! with its error beside it, the error summary at the top, notices, and the
//! verification badge.

use maud::{Markup, html};
use patentbridge_domain::Verification;

use crate::csrf::CSRF_FIELD;
use crate::i18n::{Ctx, Text};

/// Field errors of one form, already in the page's language.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<(&'static str, String)>);

impl Errors {
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The hidden field carrying the form token.
pub fn csrf_input(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// What one input looks like.
pub struct Input<'a> {
    pub name: &'static str,
    pub label: &'a str,
    pub kind: &'a str,
    pub value: &'a str,
    pub hint: Option<&'a str>,
    pub required: bool,
    pub autocomplete: Option<&'a str>,
}

impl<'a> Input<'a> {
    pub fn text(name: &'static str, label: &'a str, value: &'a str) -> Self {
        Input {
            name,
            label,
            kind: "text",
            value,
            hint: None,
            required: false,
            autocomplete: None,
        }
    }
    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn autocomplete(mut self, value: &'a str) -> Self {
        self.autocomplete = Some(value);
        self
    }
}

/// A labelled input; its error, if any, is shown under it and announced.
pub fn field(ctx: &Ctx, input: Input<'_>, errors: &Errors) -> Markup {
    let error = errors.of(input.name);
    let id = format!("f-{}", input.name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = match (input.hint.is_some(), error.is_some()) {
        (true, true) => Some(format!("{hint_id} {error_id}")),
        (true, false) => Some(hint_id.clone()),
        (false, true) => Some(error_id.clone()),
        (false, false) => None,
    };
    // Passwords are never sent back into the page.
    let value = if input.kind == "password" {
        ""
    } else {
        input.value
    };
    html! {
        div class={ "field" @if error.is_some() { " has-error" } } {
            label for=(id) {
                (input.label)
                @if input.required { span class="required" title=(ctx.say(Text::new("必填", "required"))) { " *" } }
            }
            input id=(id) name=(input.name) type=(input.kind) value=(value)
                required[input.required]
                autocomplete=[input.autocomplete]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described];
            @if let Some(hint) = input.hint { p class="hint" id=(hint_id) { (hint) } }
            @if let Some(message) = error { p class="field-error" id=(error_id) { (message) } }
        }
    }
}

/// The list of what to correct, at the top of a refused form.
pub fn error_summary<L: AsRef<str>>(ctx: &Ctx, errors: &Errors, labels: &[(&str, L)]) -> Markup {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        div class="notice bad" role="alert" {
            strong { (ctx.say(Text::new("请更正以下内容：", "Please correct the following:"))) }
            ul {
                @for (field, message) in &errors.0 {
                    li {
                        a href={ "#f-" (field) } {
                            (labels.iter().find(|(f, _)| f == field).map_or(*field, |(_, l)| l.as_ref()))
                        }
                        "：" (message)
                    }
                }
            }
        }
    }
}

/// A message box: `kind` is `ok`, `warn` or `bad`.
pub fn notice(kind: &str, text: &str) -> Markup {
    let role = if kind == "bad" { "alert" } else { "status" };
    html! { div class={ "notice " (kind) } role=(role) { (text) } }
}

/// The badge of a verification state.
pub fn verification_badge(ctx: &Ctx, v: Verification) -> Markup {
    let (class, text) = match v {
        Verification::Verified => ("verified", Text::new("✓ 已认证", "✓ Verified")),
        Verification::Pending => ("pending", Text::new("待审核", "Awaiting review")),
        Verification::Rejected => ("rejected", Text::new("未通过审核", "Rejected")),
        Verification::Unverified => ("unverified", Text::new("未认证", "Not verified")),
    };
    html! { span class={ "badge verification " (class) } data-verification=(v.as_str()) { (ctx.say(text)) } }
}

/// A one-button form posting to `action` (approve, unlock, sign out …).
pub fn button_form(
    action: &str,
    csrf: &str,
    hidden: &[(&str, &str)],
    label: &str,
    class: &str,
) -> Markup {
    html! {
        form class="inline" method="post" action=(action) {
            (csrf_input(csrf))
            @for (name, value) in hidden { input type="hidden" name=(name) value=(value); }
            button type="submit" class=(class) { (label) }
        }
    }
}
