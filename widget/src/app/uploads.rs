//! Files the visitor sends (Attach file, drop, paste): each upload is one message with its
//! own client id, shown with its progress until the server has stored it, retried twice
//! when the connection fails (stored once), and reported when refused. Files in the
//! transcript are fetched with the token: thumbnails as they appear, downloads on click.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, File, FileList, HtmlElement};

use super::outbox::new_client_id;
use super::Shared;
use crate::api::ApiError;
use crate::files;
use crate::view::Upload;

pub(super) fn attach(app: &Shared, list: Option<FileList>) {
    let Some(list) = list else { return };
    for i in 0..list.length() {
        if let Some(file) = list.item(i) {
            send_file(app, file);
        }
    }
}

fn send_file(app: &Shared, file: File) {
    let (base, token, generation, client_id) = {
        let mut a = app.borrow_mut();
        let Some(token) = a.token.clone() else {
            return;
        };
        if !a.state.can_end() {
            return;
        }
        let client_id = new_client_id();
        let name = file.name();
        a.uploads.push(Upload {
            client_id: client_id.clone(),
            name: if name.is_empty() {
                "image.png".into()
            } else {
                name
            },
            percent: 0,
            error: None,
        });
        a.render();
        (a.base.clone(), token, a.generation, client_id)
    };
    let app = app.clone();
    spawn_local(async move {
        let mut result = Err(ApiError::Network);
        for attempt in 0..3u32 {
            if attempt > 0 && crate::dom::sleep(f64::from(1_000 * attempt)).await.is_err() {
                break;
            }
            let h = app.clone();
            let id = client_id.clone();
            let progress = move |p: u32| {
                if let Ok(mut a) = h.try_borrow_mut() {
                    if let Some(u) = a.uploads.iter_mut().find(|u| u.client_id == id) {
                        u.percent = p;
                    }
                    a.render();
                }
            };
            result = files::upload(&base, &token, &client_id, &file, progress).await;
            if !matches!(&result, Err(e) if e.is_transient()) {
                break;
            }
        }
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        match result {
            Ok(message) => {
                a.uploads.retain(|u| u.client_id != client_id);
                a.state.insert(message);
            }
            Err(e) => {
                let why = e.message().to_string();
                if let Some(u) = a.uploads.iter_mut().find(|u| u.client_id == client_id) {
                    u.error = Some(why);
                }
            }
        }
        a.render();
        a.ui.scroll_to_end();
    });
}

pub(super) fn dismiss(app: &Shared, client_id: &str) {
    let mut a = app.borrow_mut();
    a.uploads.retain(|u| u.client_id != client_id);
    a.render();
}

/// Fills in thumbnails that appeared since the last look.
pub(super) fn load_images(app: &super::App) {
    let Some(token) = app.token.clone() else {
        return;
    };
    for (img, id) in app.ui.unloaded_images() {
        let base = app.base.clone();
        let token = token.clone();
        spawn_local(async move {
            if let Ok(url) = files::object_url(&base, &token, &id).await {
                let _ = img.set_attribute("src", &url);
            }
        });
    }
}

/// A download button in the transcript was clicked: fetch, then save under its name.
pub(super) fn download(app: &Shared, button: &Element) {
    let (Some(id), Some(name)) = (
        button.get_attribute("data-download"),
        button.get_attribute("data-name"),
    ) else {
        return;
    };
    let (base, token) = {
        let a = app.borrow();
        let Some(token) = a.token.clone() else {
            return;
        };
        (a.base.clone(), token)
    };
    let app = app.clone();
    spawn_local(async move {
        match files::object_url(&base, &token, &id).await {
            Ok(url) => {
                let Ok(doc) = crate::dom::document() else {
                    return;
                };
                if let Ok(a) = doc.create_element("a") {
                    let _ = a.set_attribute("href", &url);
                    let _ = a.set_attribute("download", &name);
                    if let Some(a) = a.dyn_ref::<HtmlElement>() {
                        a.click();
                    }
                }
            }
            Err(why) => {
                let mut a = app.borrow_mut();
                a.set_error(Some(&why));
                a.render();
            }
        }
    });
}
