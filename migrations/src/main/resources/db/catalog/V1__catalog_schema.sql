-- Catalog read side: product details it owns. Stock lives in Redis, fed by warehouse events.

CREATE TABLE product (
    product_id  varchar(64)   PRIMARY KEY,
    name        varchar(256)  NOT NULL,
    description text          NULL,
    price       numeric(14,2) NOT NULL,
    currency    char(3)       NOT NULL DEFAULT 'USD',
    category    varchar(128)  NULL,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT product_price_non_negative CHECK (price >= 0)
);

CREATE INDEX product_category_idx ON product (category, product_id);
