// Inline replies: the reply link moves the form under the comment, and posting shows the
// new comment without a page reload. Without JavaScript the same links and form work as
// ordinary pages.
(() => {
  "use strict";
  const section = document.querySelector("section.conversation");
  if (!section || !window.fetch) return;
  const home = section.querySelector("#comment-form");
  const form = home.querySelector("form.comment-form");
  const replyTo = form.querySelector('input[name="reply_to"]');
  const status = form.querySelector(".comment-form__status");
  const submit = form.querySelector('button[type="submit"]');

  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "button button--secondary comment-form__cancel";
  cancel.textContent = section.dataset.cancelLabel;
  cancel.hidden = true;
  submit.after(" ", cancel);

  const putFormBack = () => {
    home.appendChild(form);
    replyTo.value = "0";
    cancel.hidden = true;
  };

  const clearErrors = () => {
    form.querySelectorAll(".field-error, .form-errors").forEach((node) => node.remove());
    form.querySelectorAll(".has-errors").forEach((node) => node.classList.remove("has-errors"));
    status.textContent = "";
  };

  const showErrors = (errors) => {
    for (const [name, messages] of Object.entries(errors)) {
      const field = form.querySelector(`[name="${name}"]`);
      const holder = field && field.type !== "hidden" ? field.closest("p") : null;
      for (const message of messages) {
        const error = document.createElement("span");
        error.className = holder ? "field-error" : "form-errors";
        error.setAttribute("role", "alert");
        error.textContent = message;
        (holder || status).after(error);
      }
      if (holder) holder.classList.add("has-errors");
    }
  };

  const insertComment = (data) => {
    const template = document.createElement("template");
    template.innerHTML = data.html.trim();
    const item = template.content.firstElementChild;
    const parent = data.parent ? document.getElementById(`c${data.parent}`) : null;
    if (parent) {
      let replies = parent.querySelector(":scope > ul.comment-replies");
      if (!replies) {
        replies = document.createElement("ul");
        replies.className = "comment-replies";
        parent.appendChild(replies);
      }
      replies.appendChild(item);
    } else {
      section.querySelector("ol.comment-list").appendChild(item);
    }
    section.querySelector(".conversation__count").textContent = data.count_text;
    item.setAttribute("tabindex", "-1");
    item.focus();
  };

  section.addEventListener("click", (event) => {
    const link = event.target.closest("a.comment__reply");
    if (!link) return;
    event.preventDefault();
    link.closest("li.comment").querySelector(":scope > article").after(form);
    replyTo.value = link.dataset.replyTo;
    cancel.hidden = false;
    clearErrors();
    form.querySelector("textarea").focus();
  });
  cancel.addEventListener("click", putFormBack);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    submit.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (response.status === 201) {
        form.querySelector("textarea").value = "";
        putFormBack();
        insertComment(data);
      } else if (response.status === 202) {
        form.querySelector("textarea").value = "";
        putFormBack();
        status.textContent = data.message;
      } else {
        showErrors(data.errors || {});
      }
    } catch (error) {
      status.textContent = section.dataset.errorLabel;
    } finally {
      submit.disabled = false;
    }
  });
})();
