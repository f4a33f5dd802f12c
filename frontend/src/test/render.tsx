import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider } from "urql";
import type { Client } from "urql";
import { I18nProvider } from "../i18n";
import type { Lang } from "../i18n";

/** Renders `ui` at `path` (matched by `route`) with i18n and the given urql client. */
export function renderWith(
  ui: ReactElement,
  {
    client,
    lang = "tr",
    path = "/",
    route = "*",
  }: { client: Client; lang?: Lang; path?: string; route?: string },
) {
  return render(
    <I18nProvider lang={lang}>
      <Provider value={client}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={ui} />
          </Routes>
        </MemoryRouter>
      </Provider>
    </I18nProvider>,
  );
}
