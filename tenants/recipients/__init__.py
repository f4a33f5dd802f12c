"""The recipient's side: one-time codes, recipient tokens, rejection links, rejections."""
