/**
 * Loading a .wasm file wherever the library runs: `fetch` for http(s)
 * and data URLs (browsers, bundles), the file system for file: URLs (Node,
 * whose fetch cannot read files). The file system is reached through
 * process.getBuiltinModule, not an import, so nothing Node-only is reachable
 * for a browser bundler.
 */

type ReadFile = (path: URL) => Promise<Uint8Array<ArrayBuffer>>;

function nodeReadFile(): ReadFile | undefined {
  const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  const fs = host.process?.getBuiltinModule?.("fs") as { promises: { readFile: ReadFile } } | undefined;
  return fs?.promises.readFile;
}

/**
 * Compiles the .wasm at `url`. A failure names the file and the URL, also when
 * the bytes are not WebAssembly (a server answering with its index.html).
 */
export async function compileWasm(url: URL | string, file: string): Promise<WebAssembly.Module> {
  const bytes = await wasmBytes(url, file);
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    throw new Error(`cannot compile ${file} from ${String(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads `url`; a failure names the file and the URL. */
export async function wasmBytes(url: URL | string, file: string): Promise<ArrayBuffer | Uint8Array<ArrayBuffer>> {
  const href = String(url);
  if (href.startsWith("file:")) {
    const readFile = nodeReadFile();
    if (!readFile) throw new Error(`cannot read ${file} from ${href}: this host has no process.getBuiltinModule (Node >= 20.16)`);
    try {
      return await readFile(new URL(href));
    } catch (error) {
      throw new Error(`cannot read ${file} from ${href}: ${(error as { code?: string }).code ?? String(error)}`);
    }
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`cannot load ${file} from ${href}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`cannot load ${file} from ${href}: HTTP ${response.status}`);
  return response.arrayBuffer();
}
