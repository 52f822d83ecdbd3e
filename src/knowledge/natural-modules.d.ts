// natural ships types only for its top-level index, which is slow to load (see toolchain.md); these declare the
// few deep CommonJS modules we import directly.
declare module 'natural/lib/natural/stemmers/porter_stemmer_es.js' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}

declare module 'natural/lib/natural/util/stopwords_es.js' {
  const stopwords: { words: string[] };
  export default stopwords;
}
