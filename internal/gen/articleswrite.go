package gen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// MarshalArticle returns the JSON of one article exactly as the API laid it
// out (no HTML escaping, keys in the API's order).
func MarshalArticle(a Article) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// WriteArticles streams a GET /articles answer with all o.Articles articles
// on one page: {"success":true,"articles":[...],"totalRecords":N}. Articles
// are generated one at a time, so memory does not grow with o.Articles.
// It returns the number of bytes written.
func WriteArticles(w io.Writer, o ArticleOptions) (int64, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := &countWriter{w: bw}
	if _, err := io.WriteString(cw, `{"success":true,"articles":[`); err != nil {
		return cw.n, err
	}
	for i := range o.Articles {
		if i > 0 {
			if _, err := io.WriteString(cw, ","); err != nil {
				return cw.n, err
			}
		}
		b, err := MarshalArticle(ArticleAt(o, i))
		if err != nil {
			return cw.n, err
		}
		if _, err := cw.Write(b); err != nil {
			return cw.n, err
		}
	}
	tail := append(appendInt([]byte(`],"totalRecords":`), o.Articles), '}')
	if _, err := cw.Write(tail); err != nil {
		return cw.n, err
	}
	return cw.n, bw.Flush()
}
