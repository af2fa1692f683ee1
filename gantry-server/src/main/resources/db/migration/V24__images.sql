-- Global images. One published from a snapshot keeps the snapshot's id for its origin; the snapshot
-- may go later (the image is a copy), so the reference is not a foreign key.
CREATE TABLE images (
    id              uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    source          text NOT NULL,
    os              text,
    size            bigint,
    from_snapshot   uuid
);
