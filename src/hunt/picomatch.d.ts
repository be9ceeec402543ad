/**
 * The part of picomatch 2 (installed with fast-glob) that signsweep uses;
 * the package ships no type declarations.
 */
declare module "picomatch" {
  interface PicomatchOptions {
    dot?: boolean;
    nocase?: boolean;
    windows?: boolean;
  }
  interface Picomatch {
    makeRe(glob: string, options?: PicomatchOptions): RegExp;
  }
  const picomatch: Picomatch;
  export default picomatch;
}
