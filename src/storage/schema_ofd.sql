-- Issued documents as OFD too (issue 26): the OFD-A written from the same
-- layout as the PDF, in the same transaction, with its SHA-256. NULL for
-- documents issued before this migration (the register holds their PDF
-- only; nothing is rendered again under an existing 文号). Both columns
-- have no default, so existing rows keep their audited row hashes; the
-- table's no-update and no-delete triggers cover them as they cover the PDF.
ALTER TABLE documents ADD COLUMN ofd BLOB;
ALTER TABLE documents ADD COLUMN ofd_sha256 TEXT;
CREATE TRIGGER documents_ofd_pair BEFORE INSERT ON documents
    WHEN (NEW.ofd IS NULL) <> (NEW.ofd_sha256 IS NULL)
    BEGIN SELECT RAISE(ABORT, '文书的 OFD 与其 SHA-256 须一并记录'); END;
