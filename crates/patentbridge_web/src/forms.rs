//! Page forms that cannot forget their checks. A handler that takes a
//! [`PageForm<T>`] receives a body whose CSRF token was already checked
//! against the caller's session (or, before sign-in, the visitor's form
//! cookie) and whose fields were read into `T`, the input the
//! application's workflow takes; [`PageUpload`] does the same for a
//! `multipart/form-data` post with one file. A refused token renders the
//! refusal page in the reader's language and stores nothing, because the
//! handler never runs.

use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use patentbridge_app::{App, Error};
use patentbridge_domain::Text;

use crate::auth::CurrentActor;
use crate::csrf::{CSRF_FIELD, PageCaller};
use crate::error::PageError;
use crate::i18n::Ctx;

/// The fields of a posted form, in the order sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, or empty.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name` (a multi-select), in order.
    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `name` as a number, if it is one.
    pub fn id(&self, name: &str) -> Option<i64> {
        self.get(name).trim().parse().ok()
    }

    /// `name` as text, `None` when blank.
    pub fn text(&self, name: &str) -> Option<&str> {
        Some(self.get(name)).filter(|v| !v.trim().is_empty())
    }
}

/// A form's input read from its fields: plain text the workflow parses.
pub trait FromFields: Sized {
    fn from_fields(f: &Fields) -> Self;
}

impl FromFields for Fields {
    fn from_fields(f: &Fields) -> Self {
        f.clone()
    }
}

/// A posted page form with its token checked, read into `T`.
#[derive(Debug)]
pub struct PageForm<T> {
    /// The caller and the form token their next form carries.
    pub page: PageCaller,
    /// The raw fields, for the few values beside the input (`next`, a
    /// chosen organisation).
    pub fields: Fields,
    pub input: T,
}

impl<T> PageForm<T> {
    pub fn caller(&self) -> &CurrentActor {
        &self.page.caller
    }

    pub fn csrf(&self) -> &str {
        &self.page.csrf
    }
}

async fn page_of(
    parts: &mut axum::http::request::Parts,
    app: &App,
) -> Result<(Ctx, PageCaller), PageError> {
    let ctx = match Ctx::from_request_parts(parts, app).await {
        Ok(ctx) => ctx,
        Err(never) => match never {},
    };
    let page = PageCaller::from_request_parts(parts, app)
        .await
        .map_err(|e| PageError::new(e.0, &ctx))?;
    Ok((ctx, page))
}

fn unreadable(ctx: &Ctx, detail: String) -> PageError {
    PageError::new(
        Error::BadInput(Text::owned(
            format!("表单无法读取：{detail}"),
            format!("the form cannot be read: {detail}"),
        )),
        ctx,
    )
}

impl<T: FromFields> FromRequest<App> for PageForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, app: &App) -> Result<Self, PageError> {
        let (mut parts, body) = req.into_parts();
        let (ctx, page) = page_of(&mut parts, app).await?;
        let req = Request::from_parts(parts, body);
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, app)
            .await
            .map_err(|e| unreadable(&ctx, e.body_text()))?;
        let fields = Fields(pairs);
        page.check(fields.get(CSRF_FIELD))
            .map_err(|e| PageError::new(e, &ctx))?;
        let input = T::from_fields(&fields);
        Ok(PageForm {
            page,
            fields,
            input,
        })
    }
}

/// The name of the file input of an upload form.
pub const FILE_FIELD: &str = "file";

/// A posted page form with one file (the part named [`FILE_FIELD`]), its
/// token checked.
#[derive(Debug)]
pub struct PageUpload {
    pub page: PageCaller,
    /// The file's name as the browser gave it, and its bytes; empty when
    /// no file was chosen.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The other text fields of the form.
    pub fields: Fields,
}

impl FromRequest<App> for PageUpload {
    type Rejection = PageError;

    async fn from_request(req: Request, app: &App) -> Result<Self, PageError> {
        let (mut parts, body) = req.into_parts();
        let (ctx, page) = page_of(&mut parts, app).await?;
        let req = Request::from_parts(parts, body);
        let mut multipart = Multipart::from_request(req, app)
            .await
            .map_err(|e| unreadable(&ctx, e.body_text()))?;
        let mut fields = Vec::new();
        let mut file: Option<(String, Vec<u8>)> = None;
        while let Some(part) = multipart
            .next_field()
            .await
            .map_err(|e| unreadable(&ctx, e.body_text()))?
        {
            let name = part.name().unwrap_or_default().to_string();
            if name == FILE_FIELD {
                if file.is_some() {
                    continue;
                }
                let file_name = part.file_name().unwrap_or("upload").to_string();
                let bytes = part
                    .bytes()
                    .await
                    .map_err(|e| unreadable(&ctx, e.body_text()))?;
                file = Some((file_name, bytes.to_vec()));
            } else if part.file_name().is_some() {
                // A file under another name is no part of the form.
                continue;
            } else {
                let value = part
                    .text()
                    .await
                    .map_err(|e| unreadable(&ctx, e.body_text()))?;
                fields.push((name, value));
            }
        }
        let fields = Fields(fields);
        page.check(fields.get(CSRF_FIELD))
            .map_err(|e| PageError::new(e, &ctx))?;
        let (file_name, bytes) = file.unwrap_or_default();
        Ok(PageUpload {
            page,
            file_name,
            bytes,
            fields,
        })
    }
}
