// Written by scripts/callback-page from contrib/callback-page/index.html: edit the page, then run the script.

extension HostedCallbackPage {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-2NxoM9CtBbUOzn4yXqrQjpylhqwi9oYdw7ziw0BckBw='; style-src 'sha256-8qmad1gHx8+/FrCdjOr19Ks4sW7XllmyPIScGyq6FY4='; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'">
        <meta name="referrer" content="no-referrer">
        <meta name="robots" content="noindex">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Connecting your vehicle</title>
        <style>body{margin:0;background:#eef1f4;color:#1d2329;
        font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{box-sizing:border-box;max-width:34rem;margin:10vh auto 2rem;padding:2rem 1.75rem;background:#fff;
        border-top:6px solid #1f7a3d;border-radius:12px;box-shadow:0 2px 8px rgba(0,0,0,.08)}
        .mark{width:3rem;height:3rem;margin:0 0 1rem;border-radius:50%;background:#1f7a3d;color:#fff;
        font-size:1.75rem;font-weight:700;line-height:3rem;text-align:center}
        .problem main{border-top-color:#b42318}.problem .mark{background:#b42318}
        .notice main{border-top-color:#9a5b00}.notice .mark{background:#9a5b00}
        h1{margin:0 0 .75rem;font-size:1.6rem;line-height:1.25}
        p{margin:0 0 1rem}
        .next{font-weight:600}
        .text{margin:1.25rem 0 1rem;padding:.75rem;border:1px solid #c8d1da;border-radius:8px;background:#f6f8fa;
        font:15px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere;
        -webkit-user-select:all;user-select:all}
        button{box-sizing:border-box;width:100%;padding:.8rem 1rem;border:0;border-radius:8px;background:#1f5fbf;
        color:#fff;font:inherit;font-weight:600;cursor:pointer}
        button:focus-visible{outline:3px solid #f2b600;outline-offset:2px}
        .status{margin:.75rem 0 0;min-height:1.5em;color:#1f7a3d;font-weight:600}
        @media (max-width:36rem){main{min-height:100vh;margin:0;padding:1.5rem 1.25rem;border-radius:0;box-shadow:none}}
        </style>
        </head><body class="notice"><main>
        <p class="mark" id="mark" aria-hidden="true">!</p>
        <h1 id="title">Connecting your vehicle</h1>
        <p id="happened">This page needs JavaScript to read what the connection service sent.</p>
        <p class="next" id="next">Send the person helping you the full address of this page instead.</p>
        <div id="send" hidden>
        <p class="text" id="text"></p>
        <button type="button" id="copy">Copy the text</button>
        <p class="status" id="status" role="status" aria-live="polite"></p>
        </div>
        </main>
        <script>(function () {
          "use strict";
          // What Smartcar's error means to the customer (the catcher's pages say the same).
          var newLink = "ask the person helping you for a new link";
          var errors = {
            access_denied: ["You chose not to share access", "Your vehicle was not connected, and nothing was shared.",
              "If that was a mistake, " + newLink + " and choose Allow."],
            user_cancelled: ["You left before finishing", "Your vehicle was not connected, and nothing was shared.",
              "When you're ready, " + newLink + "."],
            no_vehicles: ["No vehicle in your account", "The carmaker account you signed in with has no vehicles in it.",
              "Add your vehicle to that account in the carmaker's app, then " + newLink + "."],
            vehicle_incompatible: ["Your vehicle can't be connected",
              "Your vehicle doesn't support this connection. Nothing was shared.",
              "Let the person helping you know; they can check what is possible for your vehicle."],
            invalid_subscription: ["Your connected services are off",
              "Your vehicle's connected-services subscription isn't active.",
              "Turn it on with your carmaker (in their app or website), then " + newLink + "."],
            server_error: ["The connection service had a problem", "Something went wrong on its side. Nothing was shared.",
              "Please wait a few minutes, then " + newLink + "."],
            other: ["Your vehicle wasn't connected", "Something went wrong, and nothing was shared.",
              "Let the person helping you know; they will send you a new link."]
          };
          errors.user_manually_returned_to_application = errors.user_cancelled;
          var query = new URLSearchParams(window.location.search);
          var element = function (id) { return document.getElementById(id); };
          var pair = function (name) { return name + "=" + encodeURIComponent(query.get(name)); };

          function show(tone, words, text) {
            document.body.className = tone;
            document.title = words[0];
            element("mark").textContent = tone === "done" ? "\u2713" : "!";
            element("title").textContent = words[0];
            element("happened").textContent = words[1];
            element("next").textContent = words[2];
            element("send").hidden = !text;
            element("text").textContent = text || "";
          }

          function copied(ok) {
            element("status").textContent = ok
              ? "Copied. Now paste it into your message to the person helping you."
              : "Select the text above, copy it, and send it to the person helping you.";
          }

          function copyBySelection() {
            var range = document.createRange();
            range.selectNodeContents(element("text"));
            var selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            try { copied(document.execCommand("copy")); } catch (e) { copied(false); }
          }

          element("copy").addEventListener("click", function () {
            var text = element("text").textContent;
            if (navigator.clipboard && window.isSecureContext) {
              navigator.clipboard.writeText(text).then(function () { copied(true); }, copyBySelection);
            } else {
              copyBySelection();
            }
          });

          var grant = ["code", "vehicle_id", "user_id"].filter(function (name) { return query.get(name); })[0];
          var error = query.get("error");
          if (!query.get("state") || (!grant && !error)) {
            show("problem", ["Something is missing",
              "This page was opened without the details it needs, so there is nothing to send.",
              "Ask the person helping you for a new link, and open it in full."]);
          } else if (error) {
            var words = (errors.hasOwnProperty(error) ? errors[error] : errors.other).slice();
            words[2] += " So they know what happened, send them this text:";
            show("problem", words, pair("error") + "&" + pair("state"));
          } else {
            show("done", ["Almost done",
              "You have approved the connection. One last step: the person helping you needs the text below to finish.",
              "Tap the button to copy it, then paste it into a message to them."], pair(grant) + "&" + pair("state"));
          }
        })();
        </script>
        </body></html>

        """#
}
