; lib.scm - Script-Fu helpers for the plug-in tests (GIMP 2.10, TinyScheme).
;
; Loaded by lib.sh before each case's commands.  Every image is generated
; here, deterministically: no file is read.  `nst-out-dir' is defined by
; lib.sh (the case's output folder).

(define (nst-out name)
  (string-append nst-out-dir "/" name))

; Batch commands do not share definitions, so images are found again by
; the name of their layer: the first layer called `name' in any open image.
(define (nst-layer name)
  (let loop ((images (vector->list (cadr (gimp-image-list)))))
    (if (null? images)
        (error (string-append "no layer named " name))
        (let ((layer (car (gimp-image-get-layer-by-name (car images) name))))
          (if (= layer -1)
              (loop (cdr images))
              layer)))))

(define (nst-image-of drawable)
  (car (gimp-item-get-image drawable)))

; A new image of `type' (RGB or GRAY) with one layer called `name' (with
; alpha when `alpha' is #t).  Returns (image layer).
(define (nst-new-image name w h type alpha)
  (let* ((image (car (gimp-image-new w h type)))
         (layer-type (if (= type RGB)
                         (if alpha RGBA-IMAGE RGB-IMAGE)
                         (if alpha GRAYA-IMAGE GRAY-IMAGE)))
         (layer (car (gimp-layer-new image w h layer-type name
                                     100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-drawable-fill layer FILL-WHITE)
    (list image layer)))

(define (nst-fill-rect image layer x y w h colour)
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE x y w h)
  (gimp-context-set-foreground colour)
  (gimp-drawable-edit-fill layer FILL-FOREGROUND)
  (gimp-selection-none image))

(define (nst-fill-ellipse image layer x y w h colour)
  (gimp-image-select-ellipse image CHANNEL-OP-REPLACE x y w h)
  (gimp-context-set-foreground colour)
  (gimp-drawable-edit-fill layer FILL-FOREGROUND)
  (gimp-selection-none image))

; The content: a soft grey-blue gradient with a few shapes on it.  With
; `alpha' #t the layer gets an alpha gradient too (opaque left, 25% right).
(define (nst-content name w h type alpha)
  (let* ((made (nst-new-image name w h type alpha))
         (image (car made))
         (layer (cadr made)))
    (gimp-context-set-foreground '(200 210 225))
    (gimp-context-set-background '(70 80 100))
    (gimp-drawable-edit-gradient-fill layer GRADIENT-LINEAR 0 FALSE 1 0 FALSE
                                      0 0 w h)
    (nst-fill-ellipse image layer (/ w 8) (/ h 8) (/ w 2) (/ h 2) '(240 230 200))
    (nst-fill-rect image layer (/ w 2) (/ h 2) (/ w 3) (/ h 3) '(40 40 50))
    (if alpha
        (let ((mask (car (gimp-layer-create-mask layer ADD-MASK-WHITE))))
          (gimp-layer-add-mask layer mask)
          (gimp-context-set-foreground '(255 255 255))
          (gimp-context-set-background '(64 64 64))
          (gimp-drawable-edit-gradient-fill mask GRADIENT-LINEAR 0 FALSE 1 0 FALSE
                                            0 0 w 0)
          (gimp-layer-remove-mask layer MASK-APPLY)))
    (list image layer)))

; The style: strong, saturated stripes with a few discs over them.
(define (nst-style name w h)
  (let* ((made (nst-new-image name w h RGB #f))
         (image (car made))
         (layer (cadr made))
         (colours '((230 20 20) (250 200 0) (20 60 220) (10 170 60)
                    (240 120 0) (150 20 180)))
         (stripe (max 1 (/ w 8))))
    (let loop ((i 0) (cs colours))
      (if (< (* i stripe) w)
          (begin
            (nst-fill-rect image layer (* i stripe) 0 stripe h (car cs))
            (loop (+ i 1) (if (null? (cdr cs)) colours (cdr cs))))))
    (nst-fill-ellipse image layer (/ w 4) (/ h 4) (/ w 4) (/ h 4) '(250 240 30))
    (nst-fill-ellipse image layer (/ w 2) (/ h 2) (/ w 3) (/ h 3) '(20 20 200))
    (list image layer)))

; Export one drawable as PNG without gAMA or other colour chunks.
(define (nst-export drawable file)
  (file-png-save2 RUN-NONINTERACTIVE (nst-image-of drawable) drawable
                  (nst-out file) (nst-out file)
                  FALSE 9 FALSE FALSE FALSE FALSE FALSE FALSE FALSE))

; plug-in-neural-style with small, fast test defaults; `overrides' is an
; association list such as '((strength . 150) (output . 1)).  The array
; arguments take lists: (more . (id ...)), (weights . (w ...)),
; (regions . (channel-id ...)).
(define (nst-arg key overrides default)
  (let ((hit (assq key overrides)))
    (if hit (cdr hit) default)))

(define (nst-stylize drawable style overrides)
  (plug-in-neural-style RUN-NONINTERACTIVE (nst-image-of drawable) drawable style
                        (nst-arg 'strength overrides 75)
                        (nst-arg 'content overrides 1.0)
                        (nst-arg 'smoothness overrides 50)
                        (nst-arg 'detail overrides 1.0)
                        (nst-arg 'size overrides 64)
                        (nst-arg 'iterations overrides 15)
                        (nst-arg 'colors overrides 0)
                        (nst-arg 'seed overrides 7)
                        (nst-arg 'output overrides 0)
                        (nst-arg 'model overrides "")
                        (length (nst-arg 'more overrides '()))
                        (list->vector (nst-arg 'more overrides '()))
                        (length (nst-arg 'weights overrides '()))
                        (list->vector (nst-arg 'weights overrides '()))
                        (length (nst-arg 'regions overrides '()))
                        (list->vector (nst-arg 'regions overrides '()))
                        (nst-arg 'style-selection overrides 0)
                        (nst-arg 'init overrides -1)
                        (nst-arg 'opacity overrides 100)))

; A style in one hue: vertical stripes of `light' and `dark' (RGB lists).
(define (nst-hue-style name w h light dark)
  (let* ((made (nst-new-image name w h RGB #f))
         (image (car made))
         (layer (cadr made))
         (stripe (max 1 (/ w 8))))
    (let loop ((i 0))
      (if (< (* i stripe) w)
          (begin
            (nst-fill-rect image layer (* i stripe) 0 stripe h (if (even? i) light dark))
            (loop (+ i 1)))))
    (list image layer)))

; A channel named `name' of the image of `drawable', white inside the
; rectangle and black elsewhere; returns it.
(define (nst-channel drawable name x y w h)
  (let* ((image (nst-image-of drawable))
         (channel (car (gimp-channel-new image (car (gimp-image-width image))
                                         (car (gimp-image-height image))
                                         name 50 '(0 0 0)))))
    (gimp-image-insert-channel image channel 0 0)
    (gimp-drawable-fill channel FILL-WHITE)
    (gimp-drawable-invert channel FALSE)
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE x y w h)
    (gimp-context-set-foreground '(255 255 255))
    (gimp-drawable-edit-fill channel FILL-FOREGROUND)
    (gimp-selection-none image)
    channel))

; The channel called `name' in any open image.
(define (nst-channel-named name)
  (let loop ((images (vector->list (cadr (gimp-image-list)))))
    (if (null? images)
        -1
        (let ((hit (car (gimp-image-get-channel-by-name (car images) name))))
          (if (> hit -1) hit (loop (cdr images)))))))

(define (nst-layer-count image)
  (car (gimp-image-get-layers image)))

; The topmost layer of the image that holds layer `name'.
(define (nst-top-layer name)
  (vector-ref (cadr (gimp-image-get-layers (nst-image-of (nst-layer name)))) 0))

; Write the number of layers in the image of layer `name' to `file'.
(define (nst-write-layer-count name file)
  (nst-write file (nst-layer-count (nst-image-of (nst-layer name)))))

; Write `text' to a file in the output folder (for values the shell checks).
(define (nst-write name text)
  (let ((port (open-output-file (nst-out name))))
    (display text port)
    (newline port)
    (close-output-port port)))

